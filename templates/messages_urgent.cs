<?cs if:Msg.Urgent911 || Msg.Urgent988 ?>
<div class="urgent" role="alert">
  <?cs if:Msg.Urgent911 ?><p><strong><?cs var:Lang.messages.urgent_911 ?></strong></p><?cs /if ?>
  <?cs if:Msg.Urgent988 ?><p><strong><?cs var:Lang.messages.urgent_988 ?></strong></p><?cs /if ?>
  <p><?cs var:Lang.messages.urgent_portal ?></p>
  <p class="calls"><?cs if:Msg.Urgent911 ?><a class="button danger" href="tel:911"><?cs var:Lang.messages.call_911 ?></a><?cs /if ?>
  <?cs if:Msg.Urgent988 ?><a class="button danger" href="tel:988"><?cs var:Lang.messages.call_988 ?></a><?cs /if ?></p>
</div>
<?cs /if ?>
