<h1><?cs var:Lang.appointment.title ?></h1>
<?cs include:"notices.cs" ?>
<dl class="facts">
  <div><dt><?cs var:Lang.appointment.when ?></dt><dd><?cs var:Appt.When ?> (<?cs var:Appt.Minutes ?> <?cs var:Lang.appointment.minutes ?>)</dd></div>
  <div><dt><?cs var:Lang.appointment.type ?></dt><dd><?cs var:Appt.Type ?> – <?cs if:Appt.Video ?><?cs var:Lang.home.video ?><?cs else ?><?cs var:Lang.home.in_person ?><?cs /if ?></dd></div>
  <div><dt><?cs var:Lang.appointment.provider ?></dt><dd><?cs var:Appt.Provider ?></dd></div>
  <?cs if:!Appt.Video ?>
  <div><dt><?cs var:Lang.appointment.location ?></dt><dd><?cs var:Appt.Location ?><?cs if:Appt.Address ?><br><?cs var:Appt.Address ?><br><a href="<?cs var:Appt.MapUrl ?>" rel="noreferrer"><?cs var:Lang.appointment.map ?></a><?cs /if ?></dd></div>
  <?cs /if ?>
  <div><dt><?cs var:Lang.appointment.status ?></dt><dd><?cs var:Appt.Status ?><?cs if:Appt.Confirmed ?> · <?cs var:Lang.appointments.confirmed ?><?cs /if ?><?cs if:Appt.CheckedIn ?> · <?cs var:Lang.appointments.checked_in ?><?cs /if ?></dd></div>
  <?cs if:Appt.Reason ?><div><dt><?cs var:Lang.appointment.reason ?></dt><dd><?cs var:Appt.Reason ?></dd></div><?cs /if ?>
  <?cs if:Appt.Instructions ?><div><dt><?cs var:Lang.appointment.instructions ?></dt><dd><?cs var:Appt.Instructions ?></dd></div><?cs /if ?>
</dl>
<?cs if:Appt.JoinUrl ?><p><a class="button" href="<?cs var:Appt.JoinUrl ?>"><?cs var:Lang.appointments.join ?></a></p>
<?cs elif:Appt.JoinOpens ?><p><?cs var:Lang.appointments.join_opens ?> <?cs var:Appt.JoinOpens ?>.</p><?cs /if ?>
<?cs if:Appt.CanCheckIn ?><p><a class="button" href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>/checkin"><?cs var:Lang.appointments.checkin ?></a></p>
<?cs elif:Appt.CheckInOpens ?><p><?cs var:Lang.appointments.checkin_opens ?> <?cs var:Appt.CheckInOpens ?>.</p><?cs /if ?>
<ul class="actions">
  <li><a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>/calendar"><?cs var:Lang.appointments.add_calendar ?></a></li>
  <?cs if:Appt.CanReschedule ?><li><a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>/reschedule"><?cs var:Lang.appointments.reschedule ?></a></li><?cs /if ?>
  <?cs if:Appt.CanCancel ?><li><a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>/cancel"><?cs var:Lang.appointments.cancel ?></a></li><?cs /if ?>
</ul>
<?cs if:Appt.CallToCancel ?><p><?cs var:Lang.appointments.call_to_cancel_1 ?> <?cs var:Appt.CutoffHours ?> <?cs var:Lang.appointments.call_to_cancel_2 ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a>.</p><?cs /if ?>
<?cs if:Appt.CanWait ?>
<section aria-labelledby="wait-h">
  <h2 id="wait-h"><?cs var:Lang.appointments.waitlist ?></h2>
  <?cs if:Appt.Waiting ?>
  <p><?cs var:Lang.appointments.waiting ?></p>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>/waitlist/leave">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <button type="submit" class="secondary"><?cs var:Lang.appointments.leave_waitlist ?></button>
  </form>
  <?cs else ?>
  <p><?cs var:Lang.appointments.waitlist_intro ?></p>
  <form method="post" action="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Appt.Id ?>/waitlist">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
    <button type="submit"><?cs var:Lang.appointments.join_waitlist ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/appointments"><?cs var:Lang.appointments.back ?></a></p>
