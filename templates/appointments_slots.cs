<h1><?cs var:Lang.appointments.slots_title ?>: <?cs var:Slots.Type ?></h1>
<?cs include:"notices.cs" ?>
<?cs if:Slots.Reschedule ?><p><?cs var:Lang.appointments.rescheduling ?></p><?cs /if ?>
<form method="get" action="/<?cs var:Clinic.Slug ?>/appointments/book/slots" class="inline">
  <input type="hidden" name="type" value="<?cs var:Slots.TypeKey ?>">
  <?cs if:Slots.Reschedule ?><input type="hidden" name="reschedule" value="<?cs var:Slots.Reschedule ?>"><?cs /if ?>
  <label for="provider"><?cs var:Lang.appointment.provider ?></label>
  <select id="provider" name="provider">
    <option value=""><?cs var:Lang.appointments.any_provider ?></option>
    <?cs each:p = Providers ?><option value="<?cs var:p.Key ?>"<?cs if:p.Key == Slots.Provider ?> selected<?cs /if ?>><?cs var:p.Name ?></option><?cs /each ?>
  </select>
  <button type="submit" class="secondary"><?cs var:Lang.appointments.show ?></button>
</form>
<?cs if:Slots.Count == "0" ?><p><?cs var:Lang.appointments.no_slots ?></p><?cs /if ?>
<?cs each:d = Days ?>
<section class="day">
  <h2><?cs var:d.Label ?></h2>
  <?cs if:subcount(d.Slots) == 0 ?><p class="hint"><?cs var:Lang.appointments.no_slots_day ?></p><?cs else ?>
  <ul class="slots">
    <?cs each:s = d.Slots ?><li><a href="<?cs var:s.Href ?>"><?cs var:s.Time ?> <span class="hint"><?cs var:s.Provider ?>, <?cs var:s.Location ?></span></a></li><?cs /each ?>
  </ul>
  <?cs /if ?>
</section>
<?cs /each ?>
<nav class="paging" aria-label="<?cs var:Lang.appointments.weeks ?>">
  <?cs if:Slots.Prev ?><a href="<?cs var:Slots.Prev ?>"><?cs var:Lang.appointments.prev_week ?></a><?cs /if ?>
  <?cs if:Slots.Next ?><a href="<?cs var:Slots.Next ?>"><?cs var:Lang.appointments.next_week ?></a><?cs /if ?>
</nav>
<p><a href="/<?cs var:Clinic.Slug ?>/appointments/book"><?cs var:Lang.appointments.other_type ?></a></p>
