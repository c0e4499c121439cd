<?cs # One form of "tell us about a change": kind is what it reports and
  prefix begins its ids; its first input is field (of type and maxlength),
  with value when this form comes back with an error; then a "detail". ?>
<?cs def:tell_form(kind, prefix, summary, field, type, maxlength, label, value, detail_label) ?><details<?cs if:Form.Kind == kind ?> open<?cs /if ?>>
    <summary><?cs var:summary ?></summary>
    <form method="post" action="/<?cs var:Clinic.Slug ?>/record/reports" class="stack" novalidate>
      <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
      <input type="hidden" name="idem" value="<?cs var:Form.Idem[kind] ?>">
      <input type="hidden" name="kind" value="<?cs var:kind ?>">
      <label for="<?cs var:prefix ?>_<?cs var:field ?>"><?cs var:label ?></label>
      <input id="<?cs var:prefix ?>_<?cs var:field ?>" name="<?cs var:field ?>" type="<?cs var:type ?>" maxlength="<?cs var:maxlength ?>"<?cs if:Form.Kind == kind ?> value="<?cs var:value ?>"<?cs /if ?>>
      <label for="<?cs var:prefix ?>_detail"><?cs var:detail_label ?></label>
      <input id="<?cs var:prefix ?>_detail" name="detail" type="text" maxlength="300">
      <button type="submit"><?cs var:Lang.record.tell_send ?></button>
    </form>
  </details><?cs /def ?>
<h1><?cs if:Record.Print ?><?cs var:Lang.record.print_title ?><?cs else ?><?cs var:Lang.record.title ?><?cs /if ?></h1>
<?cs if:Record.Shared ?><div class="notice" role="status"><p><?cs var:Lang.record.shared_banner ?> <?cs var:Record.SharedUntil ?>.</p></div><?cs /if ?>
<?cs if:Record.Print ?>
<p><?cs var:Patient.Name ?> · <?cs var:Lang.staff.mrn ?> <?cs var:Patient.Mrn ?> · <?cs var:Lang.record.born ?> <?cs var:Patient.Dob ?> · <?cs var:Clinic.Name ?>, <?cs var:Clinic.Phone ?></p>
<p class="hint no-print"><?cs var:Lang.record.print_hint ?></p>
<p class="hint"><?cs var:Lang.record.printed ?> <?cs var:Record.Printed ?></p>
<?cs else ?>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.record.intro ?></p>
<ul class="actions">
  <li><a href="/<?cs var:Clinic.Slug ?>/record/print"><?cs var:Lang.record.print ?></a></li>
  <li><a href="/<?cs var:Clinic.Slug ?>/record/fhir"><?cs var:Lang.record.download ?></a></li>
</ul>
<?cs /if ?>
<section aria-labelledby="meds-h">
  <h2 id="meds-h"><?cs var:Lang.record.medications ?></h2>
  <?cs if:subcount(Meds) == 0 ?><p><?cs var:Lang.record.none ?></p><?cs else ?>
  <table class="list"><thead><tr><th scope="col"><?cs var:Lang.record.medicine ?></th><th scope="col"><?cs var:Lang.record.how ?></th><th scope="col"><?cs var:Lang.record.prescriber ?></th></tr></thead><tbody>
  <?cs each:m = Meds ?><tr><th scope="row"><?cs var:m.Name ?></th><td><?cs var:m.Instructions ?></td><td><?cs var:m.Prescriber ?><?cs if:m.Since ?><br><span class="meta"><?cs var:Lang.record.since ?> <?cs var:m.Since ?></span><?cs /if ?></td></tr><?cs /each ?>
  </tbody></table>
  <?cs /if ?>
  <?cs if:subcount(PastMeds) > 0 ?>
  <h3><?cs var:Lang.record.past_medications ?></h3>
  <ul><?cs each:m = PastMeds ?><li><?cs var:m.Name ?><?cs if:m.Until ?> (<?cs var:Lang.record.until ?> <?cs var:m.Until ?>)<?cs /if ?></li><?cs /each ?></ul>
  <?cs /if ?>
</section>
<section aria-labelledby="allergies-h">
  <h2 id="allergies-h"><?cs var:Lang.record.allergies ?></h2>
  <?cs if:subcount(Allergies) == 0 ?><p><?cs var:Lang.record.no_allergies ?></p><?cs else ?>
  <ul><?cs each:a = Allergies ?><li><strong><?cs var:a.Substance ?></strong><?cs if:a.Reaction ?>: <?cs var:a.Reaction ?><?cs /if ?> (<?cs var:a.Severity ?>)</li><?cs /each ?></ul>
  <?cs /if ?>
</section>
<section aria-labelledby="problems-h">
  <h2 id="problems-h"><?cs var:Lang.record.problems ?></h2>
  <?cs if:subcount(Problems) == 0 ?><p><?cs var:Lang.record.none ?></p><?cs else ?>
  <ul><?cs each:p = Problems ?><li><?cs var:p.Name ?> – <?cs var:p.Status ?><?cs if:p.Since ?>, <?cs var:Lang.record.since ?> <?cs var:p.Since ?><?cs /if ?></li><?cs /each ?></ul>
  <?cs /if ?>
</section>
<section aria-labelledby="imm-h">
  <h2 id="imm-h"><?cs var:Lang.record.immunizations ?></h2>
  <?cs if:subcount(Immunizations) == 0 ?><p><?cs var:Lang.record.none ?></p><?cs else ?>
  <ul><?cs each:i = Immunizations ?><li><?cs var:i.Vaccine ?> – <?cs var:i.Date ?></li><?cs /each ?></ul>
  <?cs /if ?>
</section>
<section aria-labelledby="vitals-h">
  <h2 id="vitals-h"><?cs var:Lang.record.vitals ?></h2>
  <?cs if:subcount(Vitals) == 0 ?><p><?cs var:Lang.record.none ?></p><?cs else ?>
  <?cs include:"chart.cs" ?>
  <table class="list"><thead><tr><th scope="col"><?cs var:Lang.record.date ?></th><th scope="col"><?cs var:Lang.record.weight ?></th><th scope="col"><?cs var:Lang.record.bp ?></th><th scope="col"><?cs var:Lang.record.pulse ?></th></tr></thead><tbody>
  <?cs each:v = Vitals ?><tr><th scope="row"><?cs var:v.Date ?></th><td><?cs var:v.Weight ?></td><td><?cs var:v.Bp ?></td><td><?cs var:v.Pulse ?></td></tr><?cs /each ?>
  </tbody></table>
  <?cs /if ?>
</section>
<section aria-labelledby="visits-h">
  <h2 id="visits-h"><?cs var:Lang.record.visits ?></h2>
  <?cs if:subcount(Visits) == 0 ?><p><?cs var:Lang.record.none ?></p><?cs /if ?>
  <?cs each:v = Visits ?>
  <article class="card">
    <h3><?cs var:v.Date ?> – <?cs var:v.Reason ?></h3>
    <dl class="facts">
      <div><dt><?cs var:Lang.record.provider ?></dt><dd><?cs var:v.Provider ?></dd></div>
      <?cs if:v.Diagnoses ?><div><dt><?cs var:Lang.record.diagnoses ?></dt><dd><?cs var:v.Diagnoses ?></dd></div><?cs /if ?>
      <?cs if:v.Instructions ?><div><dt><?cs var:Lang.record.instructions ?></dt><dd><?cs var:v.Instructions ?></dd></div><?cs /if ?>
      <?cs if:v.FollowUp ?><div><dt><?cs var:Lang.record.follow_up ?></dt><dd><?cs var:v.FollowUp ?></dd></div><?cs /if ?>
    </dl>
  </article>
  <?cs /each ?>
</section>
<?cs if:!Record.Print ?>
<section aria-labelledby="tell-h">
  <h2 id="tell-h"><?cs var:Lang.record.tell_title ?></h2>
  <p><?cs var:Lang.record.tell_intro ?></p>
  <?cs if:subcount(Reports) > 0 ?>
  <ul><?cs each:rp = Reports ?><li><?cs var:rp.Kind ?>: <?cs var:rp.Item ?><?cs if:rp.Detail ?> (<?cs var:rp.Detail ?>)<?cs /if ?> – <strong><?cs var:rp.Status ?></strong><?cs if:rp.Reason ?>: <?cs var:rp.Reason ?><?cs /if ?></li><?cs /each ?></ul>
  <?cs /if ?>
  <?cs call:tell_form("medication", "med", Lang.record.tell_medication, "item", "text", 200, Lang.record.medicine, Form.Item, Lang.record.how) ?>
  <?cs call:tell_form("allergy", "allergy", Lang.record.tell_allergy, "item", "text", 200, Lang.record.substance, "", Lang.record.reaction) ?>
  <?cs call:tell_form("contact", "contact", Lang.record.tell_contact, "phone", "tel", 40, Lang.record.new_phone, Form.Phone, Lang.record.new_address) ?>
</section>
<section aria-labelledby="share-h">
  <h2 id="share-h"><?cs var:Lang.record.share_title ?></h2>
  <p><?cs var:Lang.record.share_intro ?></p>
  <?cs if:subcount(Shares) > 0 ?>
  <table class="list"><thead><tr><th scope="col"><?cs var:Lang.record.share_for ?></th><th scope="col"><?cs var:Lang.record.share_until ?></th><th scope="col"><?cs var:Lang.record.share_uses ?></th><th scope="col"><span class="visually-hidden"><?cs var:Lang.record.revoke ?></span></th></tr></thead><tbody>
  <?cs each:sh = Shares ?><tr><th scope="row"><?cs var:sh.Label ?></th><td><?cs var:sh.Expires ?></td><td><?cs var:sh.Uses ?><?cs if:sh.LastUsed ?> (<?cs var:sh.LastUsed ?>)<?cs /if ?></td>
    <td><form method="post" action="/<?cs var:Clinic.Slug ?>/record/shares/<?cs var:sh.Id ?>/revoke"><input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>"><button type="submit" class="secondary"><?cs var:Lang.record.revoke ?><span class="visually-hidden">: <?cs var:sh.Label ?></span></button></form></td></tr><?cs /each ?>
  </tbody></table>
  <?cs /if ?>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/record/shares" class="stack" novalidate>
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <label for="label"><?cs var:Lang.record.share_for ?></label>
    <input id="label" name="label" type="text" maxlength="100" value="<?cs var:Form.Label ?>"<?cs if:Invalid.label ?> aria-invalid="true"<?cs /if ?>>
    <label for="hours"><?cs var:Lang.record.share_how_long ?></label>
    <select id="hours" name="hours"<?cs if:Invalid.hours ?> aria-invalid="true"<?cs /if ?>>
      <option value="1"><?cs var:Lang.record.hours_1 ?></option>
      <option value="24"><?cs var:Lang.record.hours_24 ?></option>
      <option value="72" selected><?cs var:Lang.record.hours_72 ?></option>
      <option value="168"><?cs var:Lang.record.hours_168 ?></option>
    </select>
    <button type="submit"><?cs var:Lang.record.share_make ?></button>
  </form>
</section>
<?cs /if ?>
