<h1><?cs var:Lang.results.staff_title ?></h1>
<?cs include:"notices.cs" ?>
<p><a class="button" href="/<?cs var:Clinic.Slug ?>/staff/results/new"><?cs var:Lang.results.new_title ?></a></p>
<?cs if:subcount(Reports) == 0 ?><p><?cs var:Lang.results.none_staff ?></p><?cs else ?>
<table class="list">
  <thead><tr><th scope="col"><?cs var:Lang.results.col_report ?></th><th scope="col"><?cs var:Lang.schedule.col_patient ?></th><th scope="col"><?cs var:Lang.results.collected ?></th><th scope="col"><?cs var:Lang.results.col_release ?></th></tr></thead>
  <tbody>
  <?cs each:r = Reports ?>
    <tr><td><a href="/<?cs var:Clinic.Slug ?>/staff/results/<?cs var:r.Id ?>"><?cs var:r.Name ?></a><br><span class="meta"><?cs var:r.Category ?> · <?cs var:r.Status ?><?cs if:r.Sensitive ?> · <?cs var:Lang.results.sensitive ?><?cs /if ?></span></td>
      <td><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:r.PatientId ?>"><?cs var:r.Patient ?></a><br><span class="meta"><?cs var:Lang.staff.mrn ?> <?cs var:r.Mrn ?></span></td>
      <td><?cs var:r.Collected ?></td><td><?cs var:r.Release ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
