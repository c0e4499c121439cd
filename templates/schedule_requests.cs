<h1><?cs var:Lang.schedule.requests_title ?></h1>
<?cs include:"notices.cs" ?>
<?cs include:"schedule_nav.cs" ?>
<?cs if:subcount(Requests) == 0 ?><p><?cs var:Lang.schedule.no_requests ?></p><?cs else ?>
<table class="list">
  <thead><tr><th scope="col"><?cs var:Lang.schedule.col_patient ?></th><th scope="col"><?cs var:Lang.schedule.col_visit ?></th><th scope="col"><?cs var:Lang.schedule.col_prefers ?></th><th scope="col"><?cs var:Lang.schedule.col_sent ?></th></tr></thead>
  <tbody>
  <?cs each:q = Requests ?>
    <tr>
      <td><a href="/<?cs var:Clinic.Slug ?>/staff/schedule/requests/<?cs var:q.Id ?>"><?cs var:q.Patient ?></a><br><span class="meta"><?cs var:Lang.staff.mrn ?> <?cs var:q.Mrn ?></span></td>
      <td><?cs var:q.Type ?><br><span class="meta"><?cs var:q.Reason ?></span></td>
      <td><?cs var:q.Days ?><br><span class="meta"><?cs var:q.Times ?></span></td>
      <td><?cs var:q.When ?></td>
    </tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
