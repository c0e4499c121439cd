<div class="screen-only">
  <h1><?cs var:Lang.staff.code_issued ?></h1>
  <div class="notice" role="status"><p><?cs var:Lang.staff.code_issued_hint ?></p></div>
  <p><?cs var:Lang.staff.print ?></p>
  <p><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:Patient.Id ?>"><?cs var:Lang.staff.back_to_chart ?></a></p>
</div>
<article class="letter" lang="<?cs var:Letter.Lang ?>" aria-labelledby="letter-title">
  <p class="letterhead"><?cs var:Clinic.Name ?><br><?cs var:Letter.Address ?><br><?cs var:Clinic.Phone ?></p>
  <p><?cs var:Letter.Date ?></p>
  <h2 id="letter-title"><?cs var:Letter.Title ?></h2>
  <p><?cs var:Letter.Dear ?> <?cs var:Patient.First ?> <?cs var:Patient.Last ?>:</p>
  <p><?cs var:Letter.Intro ?></p>
  <p><?cs var:Letter.Steps ?></p>
  <ol>
    <li><?cs var:Letter.Step1 ?> <strong class="url"><?cs var:Letter.Url ?></strong></li>
    <li><?cs var:Letter.Step2 ?></li>
    <li><?cs var:Letter.Step3 ?></li>
    <li><?cs var:Letter.Step4 ?></li>
  </ol>
  <p class="code-label"><?cs var:Letter.CodeLabel ?>:</p>
  <p class="code" id="activation-code"><?cs var:Letter.Code ?></p>
  <p><?cs var:Letter.Expires ?> <?cs var:Letter.ExpiresOn ?>.</p>
  <p><strong><?cs var:Letter.Private ?></strong></p>
  <p><?cs var:Letter.Help ?> <?cs var:Clinic.Phone ?>.</p>
</article>
