<h1><?cs if:Report.Id ?><?cs var:Lang.results.edit_title ?>: <?cs var:Report.Patient ?><?cs else ?><?cs var:Lang.results.new_title ?><?cs /if ?></h1>
<?cs include:"notices.cs" ?>
<?cs if:Report.Id ?>
<p><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:Report.PatientId ?>"><?cs var:Report.Patient ?></a> (<?cs var:Lang.staff.mrn ?> <?cs var:Report.Mrn ?>) ·
<?cs if:Report.Released ?><?cs var:Lang.results.released ?> <?cs var:Report.Released ?><?cs elif:Report.HeldUntil ?><?cs var:Lang.results.held_until ?> <?cs var:Report.HeldUntil ?><?cs else ?><?cs var:Lang.results.not_released ?><?cs /if ?></p>
<?cs if:Report.CanRelease ?>
<form method="post" action="/<?cs var:Clinic.Slug ?>/staff/results/<?cs var:Report.Id ?>/release" class="stack">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <label for="release_comment"><?cs var:Lang.results.release_comment ?></label>
  <textarea id="release_comment" name="comment" rows="2" maxlength="2000"></textarea>
  <button type="submit"><?cs var:Lang.results.release_now ?></button>
</form>
<?cs /if ?>
<?cs /if ?>
<form method="post" action="<?cs var:Form.Action ?>" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <?cs if:!Report.Id ?>
  <label for="mrn"><?cs var:Lang.staff.mrn ?></label>
  <input id="mrn" name="mrn" type="text" maxlength="40" value="<?cs var:Form.Mrn ?>"<?cs if:Invalid.mrn ?> aria-invalid="true"<?cs /if ?>>
  <?cs /if ?>
  <label for="panel"><?cs var:Lang.results.col_report ?></label>
  <input id="panel" name="panel" type="text" maxlength="200" value="<?cs var:Form.Panel ?>"<?cs if:Invalid.panel ?> aria-invalid="true"<?cs /if ?>>
  <label for="panel_loinc"><?cs var:Lang.results.loinc ?></label>
  <input id="panel_loinc" name="panel_loinc" type="text" maxlength="20" value="<?cs var:Form.PanelLoinc ?>">
  <label for="category"><?cs var:Lang.results.category ?></label>
  <select id="category" name="category"<?cs if:Invalid.category ?> aria-invalid="true"<?cs /if ?>>
    <?cs each:c = Categories ?><option value="<?cs var:c.Key ?>"<?cs if:c.Key == Form.Category ?> selected<?cs /if ?>><?cs var:c.Name ?></option><?cs /each ?>
  </select>
  <?cs call:select_field("provider", Lang.results.ordered_by, "", Providers, Form.Provider) ?>
  <?cs call:day_time(Lang.results.collected, "collected", Form.CollectedDay, Form.CollectedTime) ?>
  <label for="status"><?cs var:Lang.results.status ?></label>
  <select id="status" name="status">
    <option value="preliminary"<?cs if:Form.Status == "preliminary" ?> selected<?cs /if ?>><?cs var:Lang.results.status_preliminary ?></option>
    <option value="final"<?cs if:Form.Status == "final" ?> selected<?cs /if ?>><?cs var:Lang.results.status_final ?></option>
    <option value="corrected"<?cs if:Form.Status == "corrected" ?> selected<?cs /if ?>><?cs var:Lang.results.status_corrected ?></option>
  </select>
  <?cs each:row = Rows ?>
  <fieldset>
    <legend><?cs var:Lang.results.value_row ?> <?cs var:row.N ?></legend>
    <label for="name_<?cs var:row.N ?>"><?cs var:Lang.results.col_test ?></label>
    <input id="name_<?cs var:row.N ?>" name="name_<?cs var:row.N ?>" type="text" maxlength="200" value="<?cs var:row.Name ?>">
    <label for="loinc_<?cs var:row.N ?>"><?cs var:Lang.results.loinc ?></label>
    <input id="loinc_<?cs var:row.N ?>" name="loinc_<?cs var:row.N ?>" type="text" maxlength="20" value="<?cs var:row.Loinc ?>">
    <label for="value_<?cs var:row.N ?>"><?cs var:Lang.results.col_value ?></label>
    <input id="value_<?cs var:row.N ?>" name="value_<?cs var:row.N ?>" type="text" maxlength="30" value="<?cs var:row.Value ?>">
    <label for="unit_<?cs var:row.N ?>"><?cs var:Lang.results.unit ?></label>
    <input id="unit_<?cs var:row.N ?>" name="unit_<?cs var:row.N ?>" type="text" maxlength="40" value="<?cs var:row.Unit ?>">
    <label for="low_<?cs var:row.N ?>"><?cs var:Lang.results.low ?></label>
    <input id="low_<?cs var:row.N ?>" name="low_<?cs var:row.N ?>" type="text" inputmode="decimal" maxlength="30" value="<?cs var:row.Low ?>">
    <label for="high_<?cs var:row.N ?>"><?cs var:Lang.results.high ?></label>
    <input id="high_<?cs var:row.N ?>" name="high_<?cs var:row.N ?>" type="text" inputmode="decimal" maxlength="30" value="<?cs var:row.High ?>">
    <label for="flag_<?cs var:row.N ?>"><?cs var:Lang.results.col_flag ?></label>
    <select id="flag_<?cs var:row.N ?>" name="flag_<?cs var:row.N ?>">
      <?cs each:f = Flags ?><option value="<?cs var:f.Key ?>"<?cs if:f.Key == row.Flag ?> selected<?cs /if ?>><?cs var:f.Name ?></option><?cs /each ?>
    </select>
  </fieldset>
  <?cs /each ?>
  <label for="comment"><?cs var:Lang.results.comment ?></label>
  <textarea id="comment" name="comment" rows="3" maxlength="2000"<?cs if:Invalid.comment ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.Comment ?></textarea>
  <button type="submit"><?cs var:Lang.results.save ?></button>
</form>
<p><a href="/<?cs var:Clinic.Slug ?>/staff/results"><?cs var:Lang.results.back_staff ?></a></p>
