<h1><?cs var:Lang.refills.queue_title ?> (<?cs var:QueueCount ?>)</h1>
<?cs include:"notices.cs" ?>
<?cs if:subcount(Queue) == 0 ?><p><?cs var:Lang.refills.queue_empty ?></p><?cs else ?>
<table class="list">
  <thead><tr><th scope="col"><?cs var:Lang.schedule.col_patient ?></th><th scope="col"><?cs var:Lang.refills.medication ?></th><th scope="col"><?cs var:Lang.refills.pharmacy ?></th><th scope="col"><?cs var:Lang.schedule.col_status ?></th></tr></thead>
  <tbody>
  <?cs each:q = Queue ?>
    <tr><td><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:q.PatientId ?>"><?cs var:q.Patient ?></a><br><span class="meta"><?cs var:Lang.staff.mrn ?> <?cs var:q.Mrn ?></span></td>
      <td><a href="/<?cs var:Clinic.Slug ?>/staff/refills/<?cs var:q.Id ?>"><?cs var:q.Medication ?></a><br><span class="meta"><?cs var:q.When ?></span></td>
      <td><?cs var:q.Pharmacy ?></td><td><?cs var:q.Status ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
