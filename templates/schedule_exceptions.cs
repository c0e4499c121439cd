<h1><?cs var:Lang.schedule.exceptions_title ?></h1>
<?cs include:"notices.cs" ?>
<?cs include:"schedule_nav.cs" ?>
<p><?cs var:Lang.schedule.exceptions_intro ?></p>
<?cs if:subcount(Exceptions) == 0 ?><p><?cs var:Lang.schedule.no_exceptions ?></p><?cs else ?>
<table class="list">
  <thead><tr><th scope="col"><?cs var:Lang.schedule.col_who ?></th><th scope="col"><?cs var:Lang.schedule.col_from ?></th><th scope="col"><?cs var:Lang.schedule.col_to ?></th><th scope="col"><?cs var:Lang.schedule.col_reason ?></th><th scope="col"><span class="visually-hidden"><?cs var:Lang.schedule.remove ?></span></th></tr></thead>
  <tbody>
  <?cs each:e = Exceptions ?>
    <tr><td><?cs var:e.Who ?></td><td><?cs var:e.From ?></td><td><?cs var:e.To ?></td><td><?cs var:e.Reason ?></td>
      <td><?cs if:Sched.Keeper ?><form method="post" action="/<?cs var:Clinic.Slug ?>/staff/schedule/exceptions/<?cs var:e.Id ?>/delete"><input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>"><button type="submit" class="secondary"><?cs var:Lang.schedule.remove ?></button></form><?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs if:Sched.Keeper ?>
<h2><?cs var:Lang.schedule.add_exception ?></h2>
<form method="post" action="/<?cs var:Clinic.Slug ?>/staff/schedule/exceptions" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <?cs call:select_field("provider", Lang.schedule.col_who, Lang.schedule.whole_clinic, Providers, Form.Provider) ?>
  <?cs call:day_time(Lang.schedule.col_from, "from", Form.FromDay, Form.FromTime) ?>
  <?cs call:day_time(Lang.schedule.col_to, "to", Form.ToDay, Form.ToTime) ?>
  <label for="reason"><?cs var:Lang.schedule.col_reason ?></label>
  <input id="reason" name="reason" type="text" maxlength="120" value="<?cs var:Form.Reason ?>"<?cs if:Invalid.reason ?> aria-invalid="true"<?cs /if ?>>
  <button type="submit"><?cs var:Lang.schedule.add ?></button>
</form>
<?cs /if ?>
