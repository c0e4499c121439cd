<!DOCTYPE html>
<html lang="<?cs var:Page.Lang ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title><?cs var:Page.Title ?> – <?cs var:Clinic.ShortName ?></title>
<link rel="stylesheet" href="/static/portal.css">
<link rel="stylesheet" href="/<?cs var:Clinic.Slug ?>/brand.css">
</head>
<body>
<a class="skip" href="#main"><?cs var:Lang.layout.skip ?></a>
<header class="site">
  <div class="bar">
    <a class="brand" href="/<?cs var:Clinic.Slug ?>/"><?cs if:Clinic.Logo ?><img src="<?cs var:Clinic.Logo ?>" alt="" width="36" height="36"><?cs /if ?><span><?cs var:Clinic.Name ?></span></a>
    <?cs if:subcount(Page.OtherLangs) > 0 ?>
    <div class="lang">
      <?cs if:User.Name ?>
      <form method="post" action="/<?cs var:Clinic.Slug ?>/account/language">
        <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
        <input type="hidden" name="back" value="<?cs var:Page.Path ?>">
        <?cs each:l = Page.OtherLangs ?>
        <button type="submit" name="lang" value="<?cs var:l.Code ?>" lang="<?cs var:l.Code ?>" class="link"><?cs var:l.Name ?></button>
        <?cs /each ?>
      </form>
      <?cs else ?>
      <?cs each:l = Page.OtherLangs ?>
      <a href="<?cs var:Page.Path ?>?lang=<?cs var:l.Code ?>" lang="<?cs var:l.Code ?>" hreflang="<?cs var:l.Code ?>"><?cs var:l.Name ?></a>
      <?cs /each ?>
      <?cs /if ?>
    </div>
    <?cs /if ?>
  </div>
  <?cs if:User.Name ?>
  <nav aria-label="<?cs var:Lang.layout.nav_label ?>">
    <ul>
      <?cs each:item = Page.Nav ?>
      <li><a href="<?cs var:item.Href ?>"<?cs if:item.Current ?> aria-current="page"<?cs /if ?>><?cs var:item.Label ?><?cs if:item.Badge ?> <span class="badge"><?cs var:item.Badge ?><span class="visually-hidden"> <?cs var:item.BadgeLabel ?></span></span><?cs /if ?></a></li>
      <?cs /each ?>
    </ul>
    <form method="post" action="/<?cs var:Clinic.Slug ?>/logout" class="signout">
      <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
      <span class="who"><?cs var:Lang.layout.signed_in_as ?> <?cs var:User.Name ?></span>
      <button type="submit" class="link"><?cs var:Lang.layout.sign_out ?></button>
    </form>
  </nav>
  <?cs /if ?>
</header>
<main id="main" class="page">
<?cs include:"macros.cs" ?>
<?cs include:Page.Template ?>
</main>
<footer class="site">
  <p><?cs var:Lang.layout.call_us ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a></p>
  <?cs if:subcount(Clinic.Hours) > 0 ?>
  <p><?cs var:Lang.layout.hours ?>:
    <?cs each:h = Clinic.Hours ?><span class="hours"><?cs var:h.Days ?> <?cs var:h.Open ?>–<?cs var:h.Close ?></span><?cs /each ?>
  </p>
  <?cs /if ?>
  <p class="emergency"><?cs var:Lang.layout.emergency ?></p>
</footer>
</body>
</html>
