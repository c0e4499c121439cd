<h1><?cs var:Lang.schedule.checkins_title ?></h1>
<?cs include:"notices.cs" ?>
<?cs include:"schedule_nav.cs" ?>
<?cs if:subcount(Checkins) == 0 ?><p><?cs var:Lang.schedule.no_checkins ?></p><?cs else ?>
<table class="list">
  <thead><tr><th scope="col"><?cs var:Lang.schedule.col_patient ?></th><th scope="col"><?cs var:Lang.schedule.col_visit ?></th><th scope="col"><?cs var:Lang.schedule.col_sent ?></th></tr></thead>
  <tbody>
  <?cs each:c = Checkins ?>
    <tr><td><a href="/<?cs var:Clinic.Slug ?>/staff/schedule/checkins/<?cs var:c.Id ?>"><?cs var:c.Patient ?></a><br><span class="meta"><?cs var:Lang.staff.mrn ?> <?cs var:c.Mrn ?></span></td><td><?cs var:c.Visit ?><br><span class="meta"><?cs var:c.Provider ?></span></td><td><?cs var:c.Submitted ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
