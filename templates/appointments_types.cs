<h1><?cs var:Lang.appointments.book_title ?></h1>
<p><?cs var:Lang.appointments.choose_type ?></p>
<?cs if:subcount(Types) == 0 ?><p><?cs var:Lang.appointments.no_types ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a>.</p><?cs /if ?>
<ul class="cards">
<?cs each:t = Types ?>
  <li><a href="<?cs var:t.Href ?>"><?cs var:t.Name ?></a><br><?cs var:t.Minutes ?> <?cs var:Lang.appointment.minutes ?> · <?cs if:t.Video ?><?cs var:Lang.home.video ?><?cs else ?><?cs var:Lang.home.in_person ?><?cs /if ?><?cs if:t.Request ?> · <?cs var:Lang.appointments.by_request ?><?cs /if ?></li>
<?cs /each ?>
</ul>
<p><?cs var:Lang.appointments.emergency ?></p>
<p><a href="/<?cs var:Clinic.Slug ?>/appointments"><?cs var:Lang.appointments.back ?></a></p>
