<h1><?cs var:Lang.appointment.title ?></h1>
<dl class="facts">
  <div><dt><?cs var:Lang.appointment.when ?></dt><dd><?cs var:Appt.When ?> (<?cs var:Appt.Minutes ?> <?cs var:Lang.appointment.minutes ?>)</dd></div>
  <div><dt><?cs var:Lang.appointment.type ?></dt><dd><?cs var:Appt.Type ?> – <?cs if:Appt.Video ?><?cs var:Lang.home.video ?><?cs else ?><?cs var:Lang.home.in_person ?><?cs /if ?></dd></div>
  <div><dt><?cs var:Lang.appointment.provider ?></dt><dd><?cs var:Appt.Provider ?></dd></div>
  <?cs if:!Appt.Video ?>
  <div><dt><?cs var:Lang.appointment.location ?></dt><dd><?cs var:Appt.Location ?><br><?cs var:Appt.Address ?><br><a href="<?cs var:Appt.MapUrl ?>" rel="noreferrer"><?cs var:Lang.appointment.map ?></a></dd></div>
  <?cs /if ?>
  <div><dt><?cs var:Lang.appointment.status ?></dt><dd><?cs var:Appt.Status ?></dd></div>
  <?cs if:Appt.Reason ?><div><dt><?cs var:Lang.appointment.reason ?></dt><dd><?cs var:Appt.Reason ?></dd></div><?cs /if ?>
  <?cs if:Appt.Instructions ?><div><dt><?cs var:Lang.appointment.instructions ?></dt><dd><?cs var:Appt.Instructions ?></dd></div><?cs /if ?>
</dl>
<p><a href="/<?cs var:Clinic.Slug ?>/home"><?cs var:Lang.appointment.back ?></a></p>
