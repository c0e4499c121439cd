<h1><?cs var:Lang.appointments.checkin_title ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Appt.When ?> – <?cs var:Appt.Type ?>, <?cs var:Appt.Provider ?></p>
<p><?cs var:Lang.appointments.checkin_intro ?></p>
<form method="post" action="<?cs var:Checkin.Action ?>" enctype="multipart/form-data" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <fieldset>
    <legend><?cs var:Lang.appointments.contact ?></legend>
    <label for="phone"><?cs var:Lang.appointments.phone ?></label>
    <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="40" value="<?cs var:Form.Phone ?>"<?cs if:Invalid.phone ?> aria-invalid="true"<?cs /if ?>>
    <label for="email"><?cs var:Lang.appointments.email ?></label>
    <input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="<?cs var:Form.Email ?>"<?cs if:Invalid.email ?> aria-invalid="true"<?cs /if ?>>
    <label for="address"><?cs var:Lang.appointments.address ?></label>
    <input id="address" name="address" type="text" autocomplete="street-address" maxlength="300" value="<?cs var:Form.Address ?>"<?cs if:Invalid.address ?> aria-invalid="true"<?cs /if ?>>
  </fieldset>
  <fieldset>
    <legend><?cs var:Lang.appointments.insurance ?></legend>
    <label for="insurance_payer"><?cs var:Lang.appointments.payer ?></label>
    <input id="insurance_payer" name="insurance_payer" type="text" maxlength="120" value="<?cs var:Form.Payer ?>"<?cs if:Invalid.insurance_payer ?> aria-invalid="true"<?cs /if ?>>
    <label for="insurance_member_id"><?cs var:Lang.appointments.member_id ?></label>
    <input id="insurance_member_id" name="insurance_member_id" type="text" maxlength="60" value="<?cs var:Form.MemberId ?>">
    <label for="card"><?cs var:Lang.appointments.card ?></label>
    <p class="hint" id="card-hint"><?cs var:Lang.appointments.card_hint ?></p>
    <input id="card" name="card" type="file" accept="application/pdf,image/jpeg,image/png" aria-describedby="card-hint"<?cs if:Invalid.card ?> aria-invalid="true"<?cs /if ?>>
  </fieldset>
  <label for="medications"><?cs var:Lang.appointments.medications ?></label>
  <p class="hint" id="meds-hint"><?cs var:Lang.appointments.lists_hint ?></p>
  <textarea id="medications" name="medications" rows="4" maxlength="2000" aria-describedby="meds-hint"<?cs if:Invalid.medications ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.Medications ?></textarea>
  <label for="allergies"><?cs var:Lang.appointments.allergies ?></label>
  <textarea id="allergies" name="allergies" rows="3" maxlength="2000" aria-describedby="meds-hint"><?cs var:Form.Allergies ?></textarea>
  <button type="submit"><?cs var:Lang.appointments.checkin_send ?></button>
</form>
<p><a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>"><?cs var:Lang.appointments.back_visit ?></a></p>
