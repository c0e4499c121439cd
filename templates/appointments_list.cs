<h1><?cs var:Lang.appointments.title ?></h1>
<?cs include:"notices.cs" ?>
<p><a class="button" href="/<?cs var:Clinic.Slug ?>/appointments/book"><?cs var:Lang.appointments.book ?></a></p>
<?cs if:subcount(Offers) > 0 ?>
<section aria-labelledby="offers-h">
  <h2 id="offers-h"><?cs var:Lang.appointments.offers ?></h2>
  <ul class="cards">
  <?cs each:o = Offers ?>
    <li><a href="/<?cs var:Clinic.Slug ?>/appointments/offers/<?cs var:o.Id ?>"><?cs var:o.When ?></a> – <?cs var:o.Provider ?>. <?cs var:Lang.appointments.offer_until ?> <?cs var:o.Expires ?>.</li>
  <?cs /each ?>
  </ul>
</section>
<?cs /if ?>
<section aria-labelledby="upcoming-h">
  <h2 id="upcoming-h"><?cs var:Lang.appointments.upcoming ?></h2>
  <?cs if:subcount(Upcoming) == 0 ?><p><?cs var:Lang.home.no_appointment ?></p><?cs /if ?>
  <ul class="cards">
  <?cs each:a = Upcoming ?>
    <li>
      <a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:a.Id ?>"><?cs var:a.When ?></a><br>
      <?cs var:a.Type ?> – <?cs var:a.Provider ?><br>
      <?cs if:a.Video ?><?cs var:Lang.home.video ?><?cs else ?><?cs var:a.Location ?><?cs /if ?> · <?cs var:a.Status ?><?cs if:a.Confirmed ?> · <?cs var:Lang.appointments.confirmed ?><?cs /if ?>
    </li>
  <?cs /each ?>
  </ul>
</section>
<?cs if:subcount(Requests) > 0 ?>
<section aria-labelledby="requests-h">
  <h2 id="requests-h"><?cs var:Lang.appointments.requests ?></h2>
  <ul class="cards">
  <?cs each:q = Requests ?>
    <li><?cs var:q.Type ?> (<?cs var:q.When ?>): <?cs var:q.Status ?><?cs if:q.Note ?><br><?cs var:Lang.appointments.staff_note ?>: <?cs var:q.Note ?><?cs /if ?><?cs if:q.AppointmentId ?><br><a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:q.AppointmentId ?>"><?cs var:Lang.appointments.see_visit ?></a><?cs /if ?></li>
  <?cs /each ?>
  </ul>
</section>
<?cs /if ?>
<section aria-labelledby="past-h">
  <h2 id="past-h"><?cs var:Lang.appointments.past ?></h2>
  <?cs if:subcount(Past) == 0 ?><p><?cs var:Lang.appointments.no_past ?></p><?cs /if ?>
  <ul class="cards">
  <?cs each:a = Past ?>
    <li><a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:a.Id ?>"><?cs var:a.When ?></a><br><?cs var:a.Type ?> – <?cs var:a.Provider ?> · <?cs var:a.Status ?></li>
  <?cs /each ?>
  </ul>
</section>
