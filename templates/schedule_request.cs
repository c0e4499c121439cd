<h1><?cs var:Lang.schedule.request_title ?>: <?cs var:Request.Patient ?></h1>
<?cs include:"notices.cs" ?>
<dl class="facts">
  <div><dt><?cs var:Lang.schedule.col_patient ?></dt><dd><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:Request.PatientId ?>"><?cs var:Request.Patient ?></a> (<?cs var:Lang.staff.mrn ?> <?cs var:Request.Mrn ?>)</dd></div>
  <div><dt><?cs var:Lang.appointment.type ?></dt><dd><?cs var:Request.Type ?></dd></div>
  <div><dt><?cs var:Lang.appointment.reason ?></dt><dd><?cs var:Request.Reason ?></dd></div>
  <div><dt><?cs var:Lang.schedule.col_prefers ?></dt><dd><?cs var:Request.Days ?>; <?cs var:Request.Times ?></dd></div>
  <div><dt><?cs var:Lang.schedule.col_sent ?></dt><dd><?cs var:Request.When ?></dd></div>
  <div><dt><?cs var:Lang.schedule.col_status ?></dt><dd><?cs var:Request.Status ?></dd></div>
</dl>
<?cs if:Request.StatusKey == "pending" ?>
<section aria-labelledby="book-h">
  <h2 id="book-h"><?cs var:Lang.schedule.book_it ?></h2>
  <?cs if:subcount(Slots) == 0 ?><p><?cs var:Lang.schedule.no_slots ?></p><?cs else ?>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/schedule/requests/<?cs var:Request.Id ?>/book" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <input type="hidden" name="idem" value="<?cs var:Form.Idem ?>">
    <fieldset id="slot">
      <legend><?cs var:Lang.schedule.choose_slot ?></legend>
      <?cs each:s = Slots ?><label class="choice"><input type="radio" name="slot" value="<?cs var:s.Value ?>"> <?cs var:s.Label ?></label><?cs /each ?>
    </fieldset>
    <button type="submit"><?cs var:Lang.schedule.book ?></button>
  </form>
  <?cs /if ?>
</section>
<section aria-labelledby="decline-h">
  <h2 id="decline-h"><?cs var:Lang.schedule.decline_it ?></h2>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/schedule/requests/<?cs var:Request.Id ?>/decline" class="stack" novalidate>
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <label for="note"><?cs var:Lang.schedule.note ?></label>
    <p class="hint" id="note-hint"><?cs var:Lang.schedule.note_hint ?></p>
    <textarea id="note" name="note" rows="3" maxlength="500" aria-describedby="note-hint"<?cs if:Invalid.note ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.Note ?></textarea>
    <button type="submit" class="secondary"><?cs var:Lang.schedule.decline ?></button>
  </form>
</section>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/staff/schedule/requests"><?cs var:Lang.schedule.back_requests ?></a></p>
