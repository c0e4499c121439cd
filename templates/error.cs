<h1><?cs var:Error.Title ?></h1>
<p><?cs var:Error.Body ?></p>
<p><a class="button" href="/<?cs var:Clinic.Slug ?>/?lang=<?cs var:Page.Lang ?>"><?cs var:Lang.error.back ?></a></p>
