<label for="attachment"><?cs var:Lang.messages.attachments ?></label>
<p class="hint" id="attachment-hint"><?cs var:Lang.messages.attachments_hint ?></p>
<?cs if:Msg.FilesAgain ?><p class="hint"><strong><?cs var:Msg.FilesAgain ?></strong></p><?cs /if ?>
<input id="attachment" name="attachment" type="file" multiple accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" aria-describedby="attachment-hint"<?cs if:Invalid.attachment ?> aria-invalid="true"<?cs /if ?>>
<button type="submit"><?cs if:Msg.Confirm ?><?cs var:Lang.messages.send_anyway ?><?cs else ?><?cs var:Lang.messages.send ?><?cs /if ?></button>
