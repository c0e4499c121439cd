<h1><?cs var:Lang.record.share_title ?></h1>
<div class="notice" role="status"><p><?cs var:Lang.record.share_made ?> <?cs var:NewShare.Label ?>, <?cs var:Lang.record.share_until_lower ?> <?cs var:NewShare.Expires ?>.</p></div>
<label for="link"><?cs var:Lang.record.share_link ?></label>
<input id="link" type="text" readonly value="<?cs var:NewShare.Url ?>">
<p class="hint"><?cs var:Lang.record.share_once ?></p>
<p><a href="/<?cs var:Clinic.Slug ?>/record#share-h"><?cs var:Lang.record.back ?></a></p>
