<h1><?cs var:Thread.Subject ?></h1>
<p class="meta"><?cs var:Thread.Topic ?></p>
<?cs include:"messages_urgent.cs" ?>
<?cs include:"notices.cs" ?>
<ol class="conversation">
  <?cs each:m = Thread.Messages ?>
  <?cs call:message(m, m.Mine) ?>
  <?cs /each ?>
</ol>
<?cs if:Thread.Closed ?>
<div class="notice" role="status"><p><?cs var:Lang.messages.closed_notice ?></p>
<p><a class="button" href="/<?cs var:Clinic.Slug ?>/messages/new"><?cs var:Lang.messages.new_message ?></a></p></div>
<?cs else ?>
<section aria-labelledby="reply-h">
  <h2 id="reply-h"><?cs var:Lang.messages.reply ?></h2>
  <?cs include:"messages_expect.cs" ?>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/messages/<?cs var:Thread.Id ?>/reply" enctype="multipart/form-data" class="stack" novalidate>
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <input type="hidden" name="idem" value="<?cs var:Form.Idem ?>">
    <?cs if:Msg.Confirm ?><input type="hidden" name="urgent_ack" value="1"><?cs /if ?>
    <?cs call:body_field(Lang.messages.your_reply, 6) ?>
    <?cs include:"messages_attach.cs" ?>
  </form>
</section>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/messages"><?cs var:Lang.messages.back ?></a></p>
