<h1><?cs var:Lang.appointments.request_title ?>: <?cs var:Request.Type ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.appointments.request_intro ?></p>
<form method="post" action="/<?cs var:Clinic.Slug ?>/appointments/request" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <input type="hidden" name="idem" value="<?cs var:Form.Idem ?>">
  <input type="hidden" name="type" value="<?cs var:Request.TypeKey ?>">
  <fieldset>
    <legend><?cs var:Lang.appointments.which_days ?></legend>
    <?cs each:d = Days ?><label class="choice"><input type="checkbox" id="day_<?cs var:d.Key ?>" name="day_<?cs var:d.Key ?>" value="1"<?cs if:d.Checked ?> checked<?cs /if ?>> <?cs var:d.Name ?></label><?cs /each ?>
  </fieldset>
  <fieldset>
    <legend><?cs var:Lang.appointments.which_times ?></legend>
    <label class="choice"><input type="checkbox" id="time_morning" name="time_morning" value="1"<?cs if:Form.Morning ?> checked<?cs /if ?>> <?cs var:Lang.appointments.morning ?></label>
    <label class="choice"><input type="checkbox" id="time_afternoon" name="time_afternoon" value="1"<?cs if:Form.Afternoon ?> checked<?cs /if ?>> <?cs var:Lang.appointments.afternoon ?></label>
  </fieldset>
  <label for="reason"><?cs var:Lang.appointments.reason ?></label>
  <input id="reason" name="reason" type="text" maxlength="300" required value="<?cs var:Form.Reason ?>"<?cs if:Invalid.reason ?> aria-invalid="true"<?cs /if ?>>
  <button type="submit"><?cs var:Lang.appointments.send_request ?></button>
</form>
<p><?cs var:Lang.appointments.emergency ?></p>
<p><a href="/<?cs var:Clinic.Slug ?>/appointments/book"><?cs var:Lang.appointments.other_type ?></a></p>
