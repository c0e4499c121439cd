<h1><?cs var:Lang.schedule.hours_title ?></h1>
<?cs include:"notices.cs" ?>
<?cs include:"schedule_nav.cs" ?>
<p><?cs var:Lang.schedule.hours_intro ?></p>
<table class="list">
  <thead><tr><th scope="col"><?cs var:Lang.appointment.provider ?></th><th scope="col"><?cs var:Lang.appointment.location ?></th><th scope="col"><?cs var:Lang.schedule.col_days ?></th><th scope="col"><?cs var:Lang.schedule.col_hours ?></th><th scope="col"><?cs var:Lang.schedule.col_source ?></th></tr></thead>
  <tbody>
  <?cs each:h = Hours ?>
    <tr><td><?cs var:h.Provider ?></td><td><?cs var:h.Location ?></td><td><?cs var:h.Days ?></td><td><?cs var:h.From ?>–<?cs var:h.To ?></td>
      <td><?cs if:!h.Id ?><?cs var:Lang.schedule.source_file ?><?cs elif:Sched.Keeper ?><form method="post" action="/<?cs var:Clinic.Slug ?>/staff/schedule/hours/<?cs var:h.Id ?>/delete"><input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>"><button type="submit" class="secondary"><?cs var:Lang.schedule.remove ?></button></form><?cs else ?><?cs var:Lang.schedule.source_staff ?><?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs if:Sched.Keeper ?>
<h2><?cs var:Lang.schedule.add_hours ?></h2>
<form method="post" action="/<?cs var:Clinic.Slug ?>/staff/schedule/hours" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <?cs call:select_field("provider", Lang.appointment.provider, Lang.schedule.choose, Providers, Form.Provider) ?>
  <?cs call:select_field("location", Lang.appointment.location, Lang.schedule.choose, Locations, Form.Location) ?>
  <fieldset>
    <legend><?cs var:Lang.schedule.col_days ?></legend>
    <?cs each:d = Days ?><label class="choice"><input type="checkbox" id="day_<?cs var:d.Key ?>" name="day_<?cs var:d.Key ?>" value="1"<?cs if:d.Checked ?> checked<?cs /if ?>> <?cs var:d.Name ?></label><?cs /each ?>
  </fieldset>
  <label for="from_time"><?cs var:Lang.schedule.col_from ?></label>
  <input id="from_time" name="from_time" type="time" step="300" value="<?cs var:Form.FromTime ?>"<?cs if:Invalid.from_time ?> aria-invalid="true"<?cs /if ?>>
  <label for="to_time"><?cs var:Lang.schedule.col_to ?></label>
  <input id="to_time" name="to_time" type="time" step="300" value="<?cs var:Form.ToTime ?>">
  <button type="submit"><?cs var:Lang.schedule.add ?></button>
</form>
<?cs /if ?>
