<h1><?cs var:Lang.forgot.title ?></h1>
<p><?cs var:Lang.forgot.username ?></p>
<p><?cs var:Lang.forgot.password ?></p>
<p><a class="button" href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Lang.forgot.call ?>: <?cs var:Clinic.Phone ?></a></p>
<?cs if:subcount(Clinic.Hours) > 0 ?>
<h2><?cs var:Lang.layout.hours ?></h2>
<ul><?cs each:h = Clinic.Hours ?><li><?cs var:h.Days ?>: <?cs var:h.Open ?>–<?cs var:h.Close ?></li><?cs /each ?></ul>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/login?lang=<?cs var:Page.Lang ?>"><?cs var:Lang.forgot.back ?></a></p>
