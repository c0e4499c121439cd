<div class="expect">
  <p><?cs var:Lang.messages.response_time ?> <strong><?cs var:Msg.ResponseTime ?></strong>.</p>
  <p><strong><?cs var:Lang.messages.emergency ?></strong></p>
</div>
