<h1><?cs var:Lang.appointments.link_title ?></h1>
<?cs if:Link.Problem == "expired" ?><p><?cs var:Lang.appointments.link_expired ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a>.</p>
<?cs elif:Link.Problem == "used" ?><p><?cs var:Lang.appointments.link_used ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a>.</p>
<?cs elif:Link.Problem == "cancelled" ?><p><?cs var:Lang.appointments.link_not_active ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a>.</p>
<?cs elif:Link.Done == "confirmed" ?><div class="notice" role="status"><p><?cs var:Lang.appointments.link_confirmed ?> <?cs var:Appt.When ?>.</p></div>
<?cs elif:Link.Done == "cancelled" ?><div class="notice" role="status"><p><?cs var:Lang.appointments.link_cancelled ?></p></div>
<?cs else ?>
<p><?cs var:Lang.appointments.link_intro ?></p>
<dl class="facts">
  <div><dt><?cs var:Lang.appointment.when ?></dt><dd><?cs var:Appt.When ?></dd></div>
  <div><dt><?cs var:Lang.appointment.location ?></dt><dd><?cs if:Appt.Video ?><?cs var:Lang.home.video ?><?cs else ?><?cs var:Appt.Location ?><?cs /if ?></dd></div>
</dl>
<form method="post" action="/<?cs var:Clinic.Slug ?>/visit">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Link.Token ?>">
  <button type="submit" name="action" value="confirm"><?cs var:Lang.appointments.link_confirm ?></button>
  <?cs if:Link.CanCancel ?><button type="submit" name="action" value="cancel" class="danger"><?cs var:Lang.appointments.link_cancel ?></button><?cs /if ?>
</form>
<?cs if:!Link.CanCancel ?><p><?cs var:Lang.appointments.call_to_cancel_1 ?> <?cs var:Link.CutoffHours ?> <?cs var:Lang.appointments.call_to_cancel_2 ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a>.</p><?cs /if ?>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/login"><?cs var:Lang.appointments.link_signin ?></a></p>
