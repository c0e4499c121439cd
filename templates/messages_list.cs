<h1><?cs if:Folder == "sent" ?><?cs var:Lang.messages.sent ?><?cs else ?><?cs var:Lang.messages.inbox ?><?cs /if ?></h1>
<?cs include:"notices.cs" ?>
<p><a class="button" href="/<?cs var:Clinic.Slug ?>/messages/new"><?cs var:Lang.messages.new_message ?></a></p>
<nav class="tabs" aria-label="<?cs var:Lang.messages.folders ?>">
  <a href="/<?cs var:Clinic.Slug ?>/messages"<?cs if:Folder == "inbox" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.messages.inbox ?></a>
  <a href="/<?cs var:Clinic.Slug ?>/messages/sent"<?cs if:Folder == "sent" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.messages.sent ?></a>
</nav>
<?cs if:Folder == "inbox" ?>
<?cs if:subcount(Threads) == 0 ?><p><?cs var:Lang.messages.none ?></p><?cs /if ?>
<ul class="threads">
  <?cs each:t = Threads ?>
  <li<?cs if:t.Unread ?> class="unread"<?cs /if ?>>
    <a href="/<?cs var:Clinic.Slug ?>/messages/<?cs var:t.Id ?>"><?cs var:t.Subject ?></a>
    <?cs if:t.Unread ?><span class="tag"><?cs var:t.Unread ?> <?cs var:Lang.messages.new ?></span><?cs /if ?>
    <?cs if:t.Closed ?><span class="tag muted"><?cs var:Lang.messages.closed ?></span><?cs /if ?>
    <br><span class="meta"><?cs var:t.Topic ?> · <?cs var:t.When ?></span>
  </li>
  <?cs /each ?>
</ul>
<?cs else ?>
<?cs if:subcount(Sent) == 0 ?><p><?cs var:Lang.messages.none_sent ?></p><?cs /if ?>
<ul class="threads">
  <?cs each:m = Sent ?>
  <li>
    <a href="/<?cs var:Clinic.Slug ?>/messages/<?cs var:m.ThreadId ?>"><?cs var:m.Subject ?></a>
    <br><span class="meta"><?cs var:m.When ?></span>
    <br><span class="preview"><?cs var:m.Preview ?></span>
  </li>
  <?cs /each ?>
</ul>
<?cs /if ?>
<?cs include:"paging.cs" ?>
