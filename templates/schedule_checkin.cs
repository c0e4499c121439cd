<h1><?cs var:Lang.schedule.checkin_title ?>: <?cs var:Checkin.Patient ?></h1>
<p><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:Checkin.PatientId ?>"><?cs var:Checkin.Patient ?></a> (<?cs var:Lang.staff.mrn ?> <?cs var:Checkin.Mrn ?>) · <?cs var:Checkin.Visit ?>, <?cs var:Checkin.Provider ?> · <?cs var:Lang.schedule.col_sent ?> <?cs var:Checkin.Submitted ?></p>
<p><?cs var:Lang.schedule.checkin_intro ?></p>
<table class="list">
  <thead><tr><th scope="col"><span class="visually-hidden"><?cs var:Lang.schedule.field ?></span></th><th scope="col"><?cs var:Lang.schedule.col_patient_says ?></th><th scope="col"><?cs var:Lang.schedule.col_chart ?></th></tr></thead>
  <tbody>
    <tr><th scope="row"><?cs var:Lang.appointments.phone ?></th><td><?cs var:Checkin.Phone ?></td><td><?cs var:Chart.Phone ?></td></tr>
    <tr><th scope="row"><?cs var:Lang.appointments.email ?></th><td><?cs var:Checkin.Email ?></td><td><?cs var:Chart.Email ?></td></tr>
    <tr><th scope="row"><?cs var:Lang.appointments.address ?></th><td><?cs var:Checkin.Address ?></td><td><?cs var:Chart.Address ?></td></tr>
    <tr><th scope="row"><?cs var:Lang.appointments.payer ?></th><td><?cs var:Checkin.Payer ?></td><td></td></tr>
    <tr><th scope="row"><?cs var:Lang.appointments.member_id ?></th><td><?cs var:Checkin.MemberId ?></td><td></td></tr>
    <tr><th scope="row"><?cs var:Lang.appointments.medications ?></th><td class="pre"><?cs var:Checkin.Medications ?></td><td></td></tr>
    <tr><th scope="row"><?cs var:Lang.appointments.allergies ?></th><td class="pre"><?cs var:Checkin.Allergies ?></td><td></td></tr>
  </tbody>
</table>
<?cs if:Checkin.HasCard ?><p><a href="/<?cs var:Clinic.Slug ?>/staff/schedule/checkins/<?cs var:Checkin.Id ?>/card"><?cs var:Lang.schedule.card ?></a></p><?cs /if ?>
<?cs if:Checkin.Reviewed ?><p><?cs var:Lang.schedule.reviewed ?></p><?cs else ?>
<form method="post" action="/<?cs var:Clinic.Slug ?>/staff/schedule/checkins/<?cs var:Checkin.Id ?>/reviewed">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <button type="submit"><?cs var:Lang.schedule.mark_reviewed ?></button>
</form>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/staff/schedule/checkins"><?cs var:Lang.schedule.back_checkins ?></a></p>
