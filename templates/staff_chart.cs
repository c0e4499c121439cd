<?cs include:"notices.cs" ?>
<section class="chart-header" aria-labelledby="patient-name">
  <h1 id="patient-name"><?cs var:Patient.Last ?>, <?cs var:Patient.First ?></h1>
  <dl class="facts">
    <div><dt><?cs var:Lang.staff.dob ?></dt><dd><?cs var:Patient.Dob ?> (<?cs var:Patient.Age ?>)</dd></div>
    <div><dt><?cs var:Lang.staff.mrn ?></dt><dd><?cs var:Patient.Mrn ?></dd></div>
    <div><dt><?cs var:Lang.staff.sex ?></dt><dd><?cs var:Patient.Sex ?></dd></div>
    <div><dt><?cs var:Lang.staff.language ?></dt><dd><?cs var:Patient.Language ?></dd></div>
    <?cs if:Patient.Phone ?><div><dt><?cs var:Lang.staff.phone ?></dt><dd><?cs var:Patient.Phone ?></dd></div><?cs /if ?>
    <?cs if:Patient.Email ?><div><dt><?cs var:Lang.staff.email ?></dt><dd><?cs var:Patient.Email ?></dd></div><?cs /if ?>
    <?cs if:Patient.Address ?><div><dt><?cs var:Lang.staff.address ?></dt><dd><?cs var:Patient.Address ?></dd></div><?cs /if ?>
  </dl>
</section>
<section class="card" aria-labelledby="portal-h">
  <h2 id="portal-h"><?cs var:Lang.staff.portal ?></h2>
  <?cs if:Patient.Account ?>
  <p><?cs var:Lang.staff.portal_active_since ?>: <?cs var:Patient.Account ?></p>
  <?cs elif:Patient.CodeUntil ?>
  <p><?cs var:Lang.staff.portal_code_until ?> <?cs var:Patient.CodeUntil ?>.</p>
  <?cs else ?>
  <p><?cs var:Lang.staff.portal_none_long ?></p>
  <?cs /if ?>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:Patient.Id ?>/activation-code">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <p class="hint" id="issue-hint"><?cs var:Lang.staff.issue_code_hint ?></p>
    <button type="submit" aria-describedby="issue-hint"><?cs var:Lang.staff.issue_code ?></button>
  </form>
</section>
