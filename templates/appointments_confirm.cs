<h1><?cs var:Lang.appointments.confirm_title ?></h1>
<dl class="facts">
  <div><dt><?cs var:Lang.appointment.type ?></dt><dd><?cs var:Confirm.Type ?> – <?cs if:Confirm.Video ?><?cs var:Lang.home.video ?><?cs else ?><?cs var:Lang.home.in_person ?><?cs /if ?></dd></div>
  <div><dt><?cs var:Lang.appointment.when ?></dt><dd><?cs var:Confirm.When ?> (<?cs var:Confirm.Minutes ?> <?cs var:Lang.appointment.minutes ?>)</dd></div>
  <div><dt><?cs var:Lang.appointment.provider ?></dt><dd><?cs var:Confirm.Provider ?></dd></div>
  <?cs if:!Confirm.Video ?><div><dt><?cs var:Lang.appointment.location ?></dt><dd><?cs var:Confirm.Location ?><?cs if:Confirm.Address ?><br><?cs var:Confirm.Address ?><?cs /if ?></dd></div><?cs /if ?>
</dl>
<?cs if:Confirm.Reschedule ?><p><?cs var:Lang.appointments.reschedule_note ?></p><?cs /if ?>
<form method="post" action="/<?cs var:Clinic.Slug ?>/appointments/book">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <input type="hidden" name="idem" value="<?cs var:Form.Idem ?>">
  <input type="hidden" name="type" value="<?cs var:Confirm.TypeKey ?>">
  <input type="hidden" name="provider" value="<?cs var:Confirm.ProviderKey ?>">
  <input type="hidden" name="location" value="<?cs var:Confirm.LocationKey ?>">
  <input type="hidden" name="start" value="<?cs var:Confirm.Start ?>">
  <?cs if:Confirm.Reschedule ?><input type="hidden" name="reschedule" value="<?cs var:Confirm.Reschedule ?>"><?cs /if ?>
  <button type="submit"><?cs if:Confirm.Reschedule ?><?cs var:Lang.appointments.confirm_move ?><?cs else ?><?cs var:Lang.appointments.confirm_book ?><?cs /if ?></button>
</form>
<p><a href="<?cs var:Confirm.Back ?>"><?cs var:Lang.appointments.other_time ?></a></p>
