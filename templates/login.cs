<h1><?cs var:Lang.login.title ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.login.intro ?></p>
<form method="post" action="/<?cs var:Clinic.Slug ?>/login?lang=<?cs var:Page.Lang ?>" class="stack">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <?cs if:Form.Next ?><input type="hidden" name="next" value="<?cs var:Form.Next ?>"><?cs /if ?>
  <label for="username"><?cs var:Lang.login.username ?></label>
  <input id="username" name="username" type="email" autocomplete="username" inputmode="email" autocapitalize="none" spellcheck="false" required maxlength="254" value="<?cs var:Form.Username ?>">
  <label for="password"><?cs var:Lang.login.password ?></label>
  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="512">
  <button type="submit"><?cs var:Lang.login.submit ?></button>
</form>
<p><a href="/<?cs var:Clinic.Slug ?>/forgot-username?lang=<?cs var:Page.Lang ?>"><?cs var:Lang.login.forgot ?></a></p>
<p><?cs var:Lang.login.first_time ?> <a href="/<?cs var:Clinic.Slug ?>/activate?lang=<?cs var:Page.Lang ?>"><?cs var:Lang.login.activate_link ?></a></p>
