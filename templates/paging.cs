<?cs if:Paging.Newer || Paging.Older ?>
<nav class="paging" aria-label="<?cs var:Lang.messages.pages ?>">
  <?cs if:Paging.Newer ?><a href="<?cs var:Paging.Newer ?>"><?cs var:Lang.messages.newer ?></a><?cs /if ?>
  <?cs if:Paging.Older ?><a href="<?cs var:Paging.Older ?>"><?cs var:Lang.messages.older ?></a><?cs /if ?>
</nav>
<?cs /if ?>
