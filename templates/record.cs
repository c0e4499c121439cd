<h1><?cs if:Record.Print ?><?cs var:Lang.record.print_title ?><?cs else ?><?cs var:Lang.record.title ?><?cs /if ?></h1>
<?cs if:Record.Print ?>
<p><?cs var:Patient.Name ?> · <?cs var:Lang.staff.mrn ?> <?cs var:Patient.Mrn ?> · <?cs var:Lang.record.born ?> <?cs var:Patient.Dob ?> · <?cs var:Clinic.Name ?>, <?cs var:Clinic.Phone ?></p>
<p class="hint no-print"><?cs var:Lang.record.print_hint ?></p>
<p class="hint"><?cs var:Lang.record.printed ?> <?cs var:Record.Printed ?></p>
<?cs else ?>
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
