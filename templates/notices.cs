<?cs if:Page.Notice ?><div class="notice" role="status"><p><?cs var:Page.Notice ?></p></div><?cs /if ?>
<?cs if:subcount(Page.Errors) > 0 ?>
<div class="errors" role="alert" tabindex="-1" id="errors">
  <p><?cs var:Lang.form.error_summary ?></p>
  <ul><?cs each:e = Page.Errors ?><li><?cs if:e.Field ?><a href="#<?cs var:e.Field ?>"><?cs var:e.Text ?></a><?cs else ?><?cs var:e.Text ?><?cs /if ?></li><?cs /each ?></ul>
</div>
<?cs elif:Page.Error ?>
<div class="errors" role="alert"><p><?cs var:Page.Error ?></p></div>
<?cs /if ?>
