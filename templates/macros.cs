<?cs # Markup that several pages share, as macros: layout.cs includes this
  file once, before the page, and a page uses one with call:name(arguments).
  Arguments are escaped like var: output. ?>
<?cs # One message of a conversation (From, When, Body, Files, and New where
  the page marks unread ones); mine: drawn on the reader's own side. ?>
<?cs def:message(m, mine) ?><li class="message<?cs if:mine ?> mine<?cs /if ?>">
    <p class="meta"><strong><?cs var:m.From ?></strong> · <?cs var:m.When ?><?cs if:m.New ?> <span class="tag"><?cs var:Lang.messages.new ?></span><?cs /if ?></p>
    <div class="body"><?cs var:m.Body ?></div>
    <?cs if:subcount(m.Files) > 0 ?>
    <ul class="files"><?cs each:f = m.Files ?><li><a href="<?cs var:f.Href ?>" download><?cs var:f.Name ?></a> (<?cs var:f.Size ?>)</li><?cs /each ?></ul>
    <?cs /if ?>
  </li><?cs /def ?>
<?cs # The text of a message or a reply (the field "body"). ?>
<?cs def:body_field(label, rows) ?><label for="body"><?cs var:label ?></label>
  <textarea id="body" name="body" rows="<?cs var:rows ?>" maxlength="5000" required<?cs if:Invalid.body ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.Body ?></textarea><?cs /def ?>
<?cs # A form of one button, in a row of actions; path is below the clinic's. ?>
<?cs def:action_button(path, label) ?><form method="post" action="/<?cs var:Clinic.Slug ?><?cs var:path ?>" class="inline">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <button type="submit"><?cs var:label ?></button>
</form><?cs /def ?>
<?cs # A list to choose from, with a first entry of value "" (first: its text):
  name is the field's id and name, options a list of Key and Name, current the
  Key chosen. ?>
<?cs def:select_field(name, label, first, options, current) ?><label for="<?cs var:name ?>"><?cs var:label ?></label>
  <select id="<?cs var:name ?>" name="<?cs var:name ?>"<?cs if:Invalid[name] ?> aria-invalid="true"<?cs /if ?>>
    <option value=""><?cs var:first ?></option>
    <?cs each:o = options ?><option value="<?cs var:o.Key ?>"<?cs if:o.Key == current ?> selected<?cs /if ?>><?cs var:o.Name ?></option><?cs /each ?>
  </select><?cs /def ?>
<?cs # A day and a time of day, as the fields prefix_day and prefix_time. ?>
<?cs def:day_time(legend, prefix, day, time) ?><fieldset>
    <legend><?cs var:legend ?></legend>
    <label for="<?cs var:prefix ?>_day"><?cs var:Lang.schedule.day ?></label>
    <input id="<?cs var:prefix ?>_day" name="<?cs var:prefix ?>_day" type="date" value="<?cs var:day ?>"<?cs if:Invalid[prefix + "_day"] ?> aria-invalid="true"<?cs /if ?>>
    <label for="<?cs var:prefix ?>_time"><?cs var:Lang.schedule.time ?></label>
    <input id="<?cs var:prefix ?>_time" name="<?cs var:prefix ?>_time" type="time" value="<?cs var:time ?>">
  </fieldset><?cs /def ?>
<?cs # One of several options, as radio buttons: options a list of Value and
  Label, current the Value chosen. ?>
<?cs def:radio_field(name, legend, options, current) ?><fieldset>
    <legend><?cs var:legend ?></legend>
    <?cs each:o = options ?>
    <label class="choice"><input type="radio" name="<?cs var:name ?>" value="<?cs var:o.Value ?>"<?cs if:o.Value == current ?> checked<?cs /if ?>> <?cs var:o.Label ?></label>
    <?cs /each ?>
  </fieldset><?cs /def ?>
