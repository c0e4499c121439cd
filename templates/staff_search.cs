<h1><?cs var:Lang.staff.title ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.staff.search_intro ?></p>
<form method="get" action="/<?cs var:Clinic.Slug ?>/staff" class="search" role="search">
  <div>
    <label for="q"><?cs var:Lang.staff.name ?></label>
    <input id="q" name="q" type="text" maxlength="100" autocomplete="off" aria-describedby="q-hint" value="<?cs var:Form.Q ?>">
    <p class="hint" id="q-hint"><?cs var:Lang.staff.name_hint ?></p>
  </div>
  <div>
    <label for="dob"><?cs var:Lang.staff.dob ?></label>
    <input id="dob" name="dob" type="date" value="<?cs var:Form.Dob ?>"<?cs if:Invalid.dob ?> aria-invalid="true"<?cs /if ?>>
  </div>
  <div>
    <label for="mrn"><?cs var:Lang.staff.mrn ?></label>
    <input id="mrn" name="mrn" type="text" maxlength="32" autocomplete="off" value="<?cs var:Form.Mrn ?>">
  </div>
  <button type="submit"><?cs var:Lang.staff.search ?></button>
</form>
<?cs if:Search.Done ?>
<section aria-labelledby="results-h">
  <h2 id="results-h"><?cs var:Lang.staff.results ?> (<?cs var:Search.Count ?>)</h2>
  <?cs if:Search.Count == 0 ?>
  <p><?cs var:Lang.staff.no_results ?></p>
  <?cs else ?>
  <?cs if:Search.TooMany ?><p class="hint"><?cs var:Lang.staff.too_many ?></p><?cs /if ?>
  <table class="list">
    <thead><tr><th scope="col"><?cs var:Lang.staff.col_name ?></th><th scope="col"><?cs var:Lang.staff.col_dob ?></th><th scope="col"><?cs var:Lang.staff.col_mrn ?></th><th scope="col"><?cs var:Lang.staff.col_portal ?></th></tr></thead>
    <tbody>
    <?cs each:p = Search.Patients ?>
      <tr><td><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:p.Id ?>"><?cs var:p.Last ?>, <?cs var:p.First ?></a></td><td><?cs var:p.Dob ?></td><td><?cs var:p.Mrn ?></td><td><?cs var:p.Portal ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /if ?>
</section>
<?cs /if ?>
