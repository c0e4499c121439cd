<h1><?cs var:Lang.staff.register_title ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.staff.register_intro ?></p>
<form method="post" action="/<?cs var:Clinic.Slug ?>/staff/patients" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <label for="first_name"><?cs var:Lang.staff.first_name ?> <span class="req">(<?cs var:Lang.form.required ?>)</span></label>
  <input id="first_name" name="first_name" type="text" required maxlength="100" autocomplete="off" value="<?cs var:Form.First ?>"<?cs if:Invalid.first_name ?> aria-invalid="true"<?cs /if ?>>
  <label for="last_name"><?cs var:Lang.staff.last_name ?> <span class="req">(<?cs var:Lang.form.required ?>)</span></label>
  <input id="last_name" name="last_name" type="text" required maxlength="100" autocomplete="off" value="<?cs var:Form.Last ?>"<?cs if:Invalid.last_name ?> aria-invalid="true"<?cs /if ?>>
  <label for="dob"><?cs var:Lang.staff.dob ?> <span class="req">(<?cs var:Lang.form.required ?>)</span></label>
  <input id="dob" name="dob" type="date" required value="<?cs var:Form.Dob ?>"<?cs if:Invalid.dob ?> aria-invalid="true"<?cs /if ?>>
  <?cs call:radio_field("sex", Lang.staff.sex, Options.Sex, Form.Sex) ?>
  <?cs call:radio_field("lang", Lang.staff.language, Options.Lang, Form.Lang) ?>
  <label for="mrn"><?cs var:Lang.staff.mrn ?></label>
  <p class="hint" id="mrn-hint"><?cs var:Lang.staff.mrn_hint ?></p>
  <input id="mrn" name="mrn" type="text" maxlength="32" autocomplete="off" aria-describedby="mrn-hint" value="<?cs var:Form.Mrn ?>"<?cs if:Invalid.mrn ?> aria-invalid="true"<?cs /if ?>>
  <label for="phone"><?cs var:Lang.staff.phone ?></label>
  <p class="hint" id="phone-hint"><?cs var:Lang.staff.phone_hint ?></p>
  <input id="phone" name="phone" type="tel" maxlength="40" autocomplete="off" aria-describedby="phone-hint" value="<?cs var:Form.Phone ?>"<?cs if:Invalid.phone ?> aria-invalid="true"<?cs /if ?>>
  <label for="email"><?cs var:Lang.staff.email ?></label>
  <input id="email" name="email" type="email" maxlength="254" autocomplete="off" value="<?cs var:Form.Email ?>"<?cs if:Invalid.email ?> aria-invalid="true"<?cs /if ?>>
  <button type="submit"><?cs var:Lang.staff.register_submit ?></button>
</form>
