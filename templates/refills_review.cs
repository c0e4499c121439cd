<h1><?cs var:Lang.refills.review_title ?>: <?cs var:Req.Medication ?></h1>
<?cs include:"notices.cs" ?>
<dl class="facts">
  <div><dt><?cs var:Lang.schedule.col_patient ?></dt><dd><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:Req.PatientId ?>"><?cs var:Req.Patient ?></a> (<?cs var:Lang.staff.mrn ?> <?cs var:Req.Mrn ?>, <?cs var:Req.Dob ?>)</dd></div>
  <div><dt><?cs var:Lang.refills.medication ?></dt><dd><?cs var:Req.Medication ?><?cs if:Req.Instructions ?> – <?cs var:Req.Instructions ?><?cs /if ?></dd></div>
  <div><dt><?cs var:Lang.refills.refills_left ?></dt><dd><?cs var:Req.RefillsLeft ?></dd></div>
  <div><dt><?cs var:Lang.refills.pharmacy ?></dt><dd><?cs var:Req.Pharmacy ?><?cs if:Req.PharmacyAddress ?>, <?cs var:Req.PharmacyAddress ?><?cs /if ?><?cs if:Req.PharmacyPhone ?>, <?cs var:Req.PharmacyPhone ?><?cs /if ?></dd></div>
  <div><dt><?cs var:Lang.refills.requested ?></dt><dd><?cs var:Req.When ?></dd></div>
  <?cs if:Req.Note ?><div><dt><?cs var:Lang.refills.note ?></dt><dd><?cs var:Req.Note ?></dd></div><?cs /if ?>
  <div><dt><?cs var:Lang.schedule.col_status ?></dt><dd><?cs var:Req.Status ?><?cs if:Req.Reason ?>: <?cs var:Req.Reason ?><?cs /if ?></dd></div>
</dl>
<?cs if:Req.StatusKey == "requested" ?>
<?cs call:action_button("/staff/refills/" + Req.Id + "/approve", Lang.refills.approve) ?>
<form method="post" action="/<?cs var:Clinic.Slug ?>/staff/refills/<?cs var:Req.Id ?>/deny" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <label for="reason"><?cs var:Lang.refills.deny_reason ?></label>
  <textarea id="reason" name="reason" rows="2" maxlength="500"<?cs if:Invalid.reason ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.Reason ?></textarea>
  <button type="submit" class="secondary"><?cs var:Lang.refills.deny ?></button>
</form>
<?cs elif:Req.StatusKey == "approved" ?>
<?cs call:action_button("/staff/refills/" + Req.Id + "/sent", Lang.refills.mark_sent) ?>
<?cs /if ?>
<h2><?cs var:Lang.refills.med_history ?></h2>
<table class="list">
  <thead><tr><th scope="col"><?cs var:Lang.refills.medication ?></th><th scope="col"><?cs var:Lang.schedule.col_status ?></th><th scope="col"><?cs var:Lang.refills.since ?></th></tr></thead>
  <tbody><?cs each:m = Meds ?><tr><td><?cs var:m.Name ?><?cs if:m.Instructions ?><br><span class="meta"><?cs var:m.Instructions ?></span><?cs /if ?></td><td><?cs var:m.Status ?></td><td><?cs var:m.Since ?></td></tr><?cs /each ?></tbody>
</table>
<?cs if:subcount(Earlier) > 0 ?>
<h2><?cs var:Lang.refills.earlier ?></h2>
<ul><?cs each:e = Earlier ?><li><?cs var:e.When ?>: <?cs var:e.Status ?><?cs if:e.Reason ?> (<?cs var:e.Reason ?>)<?cs /if ?></li><?cs /each ?></ul>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/staff/refills"><?cs var:Lang.refills.back_queue ?></a></p>
