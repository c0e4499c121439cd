<?cs include:"notices.cs" ?>
<section class="chart-header" aria-labelledby="patient-name">
  <p class="meta"><?cs var:Lang.inbox.patient ?></p>
  <p id="patient-name" class="big"><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:Patient.Id ?>"><?cs var:Patient.Last ?>, <?cs var:Patient.First ?></a></p>
  <p><?cs var:Lang.staff.dob ?>: <?cs var:Patient.Dob ?> · <?cs var:Lang.staff.mrn ?> <?cs var:Patient.Mrn ?> · <?cs var:Patient.Language ?></p>
</section>
<h1><?cs var:Thread.Subject ?></h1>
<p class="meta"><?cs var:Thread.Topic ?> · <?cs var:Thread.Team ?> ·
  <?cs if:Thread.Status == "closed" ?><?cs var:Lang.inbox.status_closed ?><?cs else ?><?cs var:Lang.inbox.status_open ?><?cs /if ?>
  <?cs if:Thread.Urgent ?> <span class="tag urgent-tag"><?cs var:Lang.inbox.urgent ?></span><?cs /if ?></p>
<ol class="conversation">
  <?cs each:m = Thread.Messages ?>
  <?cs call:message(m, !m.FromPatient) ?>
  <?cs /each ?>
</ol>
<div class="actions">
  <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/messages/<?cs var:Thread.Id ?>/assign" class="inline">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <label for="assignee"><?cs var:Lang.inbox.assigned_to ?></label>
    <select id="assignee" name="assignee">
      <option value="0"<?cs if:Thread.AssignedTo == "0" ?> selected<?cs /if ?>><?cs var:Lang.inbox.nobody ?></option>
      <?cs each:s = Staff ?><option value="<?cs var:s.Id ?>"<?cs if:s.Id == Thread.AssignedTo ?> selected<?cs /if ?>><?cs var:s.Name ?><?cs if:s.Id == Me ?> (<?cs var:Lang.inbox.me ?>)<?cs /if ?></option><?cs /each ?>
    </select>
    <button type="submit"><?cs var:Lang.inbox.assign ?></button>
  </form>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/messages/<?cs var:Thread.Id ?>/urgent" class="inline">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <?cs if:Thread.Urgent ?><input type="hidden" name="urgent" value="0"><button type="submit"><?cs var:Lang.inbox.mark_not_urgent ?></button>
    <?cs else ?><input type="hidden" name="urgent" value="1"><button type="submit"><?cs var:Lang.inbox.mark_urgent ?></button><?cs /if ?>
  </form>
  <?cs if:Thread.Status == "closed" ?>
  <?cs call:action_button("/staff/messages/" + Thread.Id + "/reopen", Lang.inbox.reopen) ?>
  <?cs else ?>
  <?cs call:action_button("/staff/messages/" + Thread.Id + "/close", Lang.inbox.close) ?>
  <?cs /if ?>
</div>
<section aria-labelledby="reply-h">
  <h2 id="reply-h"><?cs var:Lang.messages.reply ?></h2>
  <?cs if:subcount(Templates) > 0 ?>
  <p><?cs var:Lang.inbox.templates ?>
    <?cs each:t = Templates ?><a href="/<?cs var:Clinic.Slug ?>/staff/messages/<?cs var:Thread.Id ?>?template=<?cs var:t.Key ?>#body"><?cs var:t.Name ?></a> <?cs /each ?></p>
  <?cs /if ?>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/messages/<?cs var:Thread.Id ?>/reply" class="stack" novalidate>
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <input type="hidden" name="idem" value="<?cs var:Form.Idem ?>">
    <?cs call:body_field(Lang.inbox.your_reply, 6) ?>
    <button type="submit"><?cs var:Lang.inbox.send_reply ?></button>
  </form>
</section>
<p><a href="/<?cs var:Clinic.Slug ?>/staff/messages"><?cs var:Lang.inbox.back ?></a></p>
