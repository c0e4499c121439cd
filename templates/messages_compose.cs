<h1><?cs var:Lang.messages.compose ?></h1>
<?cs include:"messages_urgent.cs" ?>
<?cs include:"notices.cs" ?>
<?cs include:"messages_expect.cs" ?>
<form method="post" action="/<?cs var:Clinic.Slug ?>/messages" enctype="multipart/form-data" class="stack" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <input type="hidden" name="idem" value="<?cs var:Form.Idem ?>">
  <?cs if:Msg.Confirm ?><input type="hidden" name="urgent_ack" value="1"><?cs /if ?>
  <label for="topic"><?cs var:Lang.messages.topic ?></label>
  <select id="topic" name="topic" required<?cs if:Invalid.topic ?> aria-invalid="true"<?cs /if ?>>
    <option value=""><?cs var:Lang.messages.choose_topic ?></option>
    <?cs each:t = Topics ?><option value="<?cs var:t.Key ?>"<?cs if:t.Key == Form.Topic ?> selected<?cs /if ?>><?cs var:t.Name ?></option><?cs /each ?>
  </select>
  <label for="subject"><?cs var:Lang.messages.subject ?></label>
  <input id="subject" name="subject" type="text" maxlength="120" required value="<?cs var:Form.Subject ?>"<?cs if:Invalid.subject ?> aria-invalid="true"<?cs /if ?>>
  <?cs call:body_field(Lang.messages.body, 8) ?>
  <?cs include:"messages_attach.cs" ?>
</form>
<p><a href="/<?cs var:Clinic.Slug ?>/messages"><?cs var:Lang.messages.back ?></a></p>
