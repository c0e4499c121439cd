<h1><?cs var:Lang.activate.title ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.activate.intro ?></p>
<form method="post" action="/<?cs var:Clinic.Slug ?>/activate?lang=<?cs var:Page.Lang ?>" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <label for="code"><?cs var:Lang.activate.code ?></label>
  <p class="hint" id="code-hint"><?cs var:Lang.activate.code_hint ?></p>
  <input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required maxlength="20" aria-describedby="code-hint" value="<?cs var:Form.Code ?>"<?cs if:Invalid.code ?> aria-invalid="true"<?cs /if ?>>
  <label for="dob"><?cs var:Lang.activate.dob ?></label>
  <p class="hint" id="dob-hint"><?cs var:Lang.activate.dob_hint ?></p>
  <input id="dob" name="dob" type="date" autocomplete="bday" required aria-describedby="dob-hint" value="<?cs var:Form.Dob ?>"<?cs if:Invalid.dob ?> aria-invalid="true"<?cs /if ?>>
  <label for="email"><?cs var:Lang.activate.email ?></label>
  <p class="hint" id="email-hint"><?cs var:Lang.activate.email_hint ?></p>
  <input id="email" name="email" type="email" autocomplete="email" inputmode="email" autocapitalize="none" spellcheck="false" required maxlength="254" aria-describedby="email-hint" value="<?cs var:Form.Email ?>"<?cs if:Invalid.email ?> aria-invalid="true"<?cs /if ?>>
  <label for="password"><?cs var:Lang.activate.password ?></label>
  <p class="hint" id="password-hint"><?cs var:Lang.activate.password_hint ?></p>
  <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" maxlength="512" aria-describedby="password-hint"<?cs if:Invalid.password ?> aria-invalid="true"<?cs /if ?>>
  <label for="password2"><?cs var:Lang.activate.password2 ?></label>
  <input id="password2" name="password2" type="password" autocomplete="new-password" required minlength="12" maxlength="512"<?cs if:Invalid.password2 ?> aria-invalid="true"<?cs /if ?>>
  <button type="submit"><?cs var:Lang.activate.submit ?></button>
</form>
<p><a href="/<?cs var:Clinic.Slug ?>/login?lang=<?cs var:Page.Lang ?>"><?cs var:Lang.forgot.back ?></a></p>
