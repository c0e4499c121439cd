<h1><?cs var:Lang.account.notifications_title ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.account.intro ?></p>
<?cs if:Prefs.OptedOut ?><div class="notice" role="status"><p><?cs var:Lang.account.opted_out ?></p></div><?cs /if ?>
<form method="post" action="/<?cs var:Clinic.Slug ?>/account/notifications" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <fieldset>
    <legend><?cs var:Lang.account.how ?></legend>
    <label class="choice"><input type="radio" name="channel" value="email"<?cs if:Form.Channel == "email" ?> checked<?cs /if ?>> <?cs var:Lang.account.by_email ?> (<?cs var:Prefs.Email ?>)</label>
    <label class="choice"><input type="radio" name="channel" value="sms"<?cs if:Form.Channel == "sms" ?> checked<?cs /if ?>> <?cs var:Lang.account.by_sms ?></label>
    <label class="choice"><input type="radio" name="channel" value="none"<?cs if:Form.Channel == "none" ?> checked<?cs /if ?>> <?cs var:Lang.account.by_none ?></label>
  </fieldset>
  <label for="sms_phone"><?cs var:Lang.account.phone ?></label>
  <p class="hint" id="phone-hint"><?cs var:Lang.account.phone_hint ?></p>
  <input id="sms_phone" name="sms_phone" type="tel" autocomplete="tel" maxlength="40" aria-describedby="phone-hint" value="<?cs var:Form.Phone ?>"<?cs if:Invalid.sms_phone ?> aria-invalid="true"<?cs /if ?>>
  <label class="choice"><input type="checkbox" id="sms_consent" name="sms_consent" value="1"<?cs if:Invalid.sms_consent ?> aria-invalid="true"<?cs /if ?>> <?cs var:Lang.account.consent ?> <?cs var:Clinic.Name ?>. <?cs var:Lang.account.consent_terms ?></label>
  <?cs if:Prefs.OptedIn ?><p class="hint"><?cs var:Lang.account.opted_in ?></p><?cs /if ?>
  <fieldset>
    <legend><?cs var:Lang.account.quiet ?></legend>
    <p class="hint"><?cs var:Lang.account.quiet_hint ?></p>
    <label for="quiet_start"><?cs var:Lang.account.quiet_from ?></label>
    <select id="quiet_start" name="quiet_start">
      <?cs each:h = Hours ?><option value="<?cs var:h ?>"<?cs if:h == Form.QuietStart ?> selected<?cs /if ?>><?cs if:h == "" ?><?cs var:Lang.account.no_quiet ?><?cs else ?><?cs var:h ?><?cs /if ?></option><?cs /each ?>
    </select>
    <label for="quiet_end"><?cs var:Lang.account.quiet_to ?></label>
    <select id="quiet_end" name="quiet_end">
      <?cs each:h = Hours ?><option value="<?cs var:h ?>"<?cs if:h == Form.QuietEnd ?> selected<?cs /if ?>><?cs if:h == "" ?><?cs var:Lang.account.no_quiet ?><?cs else ?><?cs var:h ?><?cs /if ?></option><?cs /each ?>
    </select>
  </fieldset>
  <button type="submit"><?cs var:Lang.account.save ?></button>
</form>
<p class="hint"><?cs var:Lang.account.no_health_info ?></p>
