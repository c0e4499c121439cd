<h1><?cs var:Lang.record.queue_title ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.record.queue_intro ?></p>
<?cs if:subcount(Queue) == 0 ?><p><?cs var:Lang.record.queue_empty ?></p><?cs /if ?>
<?cs each:q = Queue ?>
<article class="card">
  <h2><?cs var:q.Kind ?>: <a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:q.PatientId ?>"><?cs var:q.Patient ?></a> <span class="meta">(<?cs var:Lang.staff.mrn ?> <?cs var:q.Mrn ?>, <?cs var:q.When ?>)</span></h2>
  <?cs if:q.KindKey == "contact" ?>
  <p><?cs if:q.Phone ?><?cs var:Lang.record.new_phone ?>: <?cs var:q.Phone ?> (<?cs var:Lang.record.now ?>: <?cs var:q.ChartPhone ?>)<br><?cs /if ?><?cs if:q.Detail ?><?cs var:Lang.record.new_address ?>: <?cs var:q.Detail ?> (<?cs var:Lang.record.now ?>: <?cs var:q.ChartAddress ?>)<?cs /if ?></p>
  <?cs else ?>
  <p><strong><?cs var:q.Item ?></strong><?cs if:q.Detail ?> – <?cs var:q.Detail ?><?cs /if ?></p>
  <?cs /if ?>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/reports/<?cs var:q.Id ?>/accept" class="inline">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <button type="submit"><?cs var:Lang.record.accept ?></button>
  </form>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/reports/<?cs var:q.Id ?>/dismiss" class="inline">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <label for="reason-<?cs var:q.Id ?>"><?cs var:Lang.record.dismiss_reason ?></label>
    <input id="reason-<?cs var:q.Id ?>" name="reason" type="text" maxlength="300">
    <button type="submit" class="secondary"><?cs var:Lang.record.dismiss ?></button>
  </form>
</article>
<?cs /each ?>
