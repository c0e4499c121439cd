<h1><?cs var:Lang.appointments.cancel_title ?></h1>
<p><?cs var:Appt.When ?> – <?cs var:Appt.Type ?>, <?cs var:Appt.Provider ?></p>
<?cs if:Appt.CallToCancel ?>
<div class="notice" role="status"><p><?cs var:Lang.appointments.call_to_cancel_1 ?> <?cs var:Appt.CutoffHours ?> <?cs var:Lang.appointments.call_to_cancel_2 ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a>.</p></div>
<?cs else ?>
<p><?cs var:Lang.appointments.cancel_sure ?></p>
<form method="post" action="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>/cancel">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <button type="submit" class="danger"><?cs var:Lang.appointments.cancel_yes ?></button>
</form>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>"><?cs var:Lang.appointments.keep ?></a></p>
