<h1><?cs var:Lang.refills.new_title ?>: <?cs var:Med.Name ?></h1>
<?cs include:"notices.cs" ?>
<form method="post" action="/<?cs var:Clinic.Slug ?>/refills" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <input type="hidden" name="idem" value="<?cs var:Form.Idem ?>">
  <input type="hidden" name="medication" value="<?cs var:Med.Id ?>">
  <fieldset id="pharmacy">
    <legend><?cs var:Lang.refills.pharmacy ?></legend>
    <?cs each:p = Pharmacies ?><label class="choice"><input type="radio" name="pharmacy" value="<?cs var:p.Id ?>"<?cs if:p.Checked ?> checked<?cs /if ?>> <?cs var:p.Name ?><?cs if:p.Address ?>, <?cs var:p.Address ?><?cs /if ?></label><?cs /each ?>
    <label class="choice"><input type="radio" name="pharmacy" value="0"<?cs if:Form.NewChecked ?> checked<?cs /if ?>> <?cs var:Lang.refills.new_pharmacy ?></label>
    <label for="pharmacy_name"><?cs var:Lang.refills.pharmacy_name ?></label>
    <input id="pharmacy_name" name="pharmacy_name" type="text" maxlength="120" value="<?cs var:Form.PhName ?>"<?cs if:Invalid.pharmacy_name ?> aria-invalid="true"<?cs /if ?>>
    <label for="pharmacy_address"><?cs var:Lang.refills.pharmacy_address ?></label>
    <input id="pharmacy_address" name="pharmacy_address" type="text" maxlength="300" value="<?cs var:Form.PhAddress ?>">
    <label for="pharmacy_phone"><?cs var:Lang.refills.pharmacy_phone ?></label>
    <input id="pharmacy_phone" name="pharmacy_phone" type="tel" maxlength="40" value="<?cs var:Form.PhPhone ?>"<?cs if:Invalid.pharmacy_phone ?> aria-invalid="true"<?cs /if ?>>
  </fieldset>
  <label for="note"><?cs var:Lang.refills.note ?></label>
  <textarea id="note" name="note" rows="3" maxlength="500"<?cs if:Invalid.note ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.Note ?></textarea>
  <button type="submit"><?cs var:Lang.refills.send ?></button>
</form>
<p><?cs var:Lang.refills.urgent ?></p>
<p><a href="/<?cs var:Clinic.Slug ?>/refills"><?cs var:Lang.refills.back ?></a></p>
