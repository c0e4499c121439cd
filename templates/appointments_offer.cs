<h1><?cs var:Lang.appointments.offer_title ?></h1>
<?cs include:"notices.cs" ?>
<dl class="facts">
  <div><dt><?cs var:Lang.appointment.when ?></dt><dd><?cs var:Offer.When ?></dd></div>
  <div><dt><?cs var:Lang.appointment.provider ?></dt><dd><?cs var:Offer.Provider ?></dd></div>
  <div><dt><?cs var:Lang.appointment.location ?></dt><dd><?cs var:Offer.Location ?></dd></div>
</dl>
<?cs if:Offer.Status == "open" ?>
<p><?cs var:Lang.appointments.offer_intro ?> <?cs var:Offer.Expires ?>.</p>
<form method="post" action="/<?cs var:Clinic.Slug ?>/appointments/offers/<?cs var:Offer.Id ?>/accept">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
  <button type="submit"><?cs var:Lang.appointments.offer_accept ?></button>
</form>
<?cs elif:Offer.Status == "accepted" ?><p><?cs var:Lang.appointments.offer_accepted ?></p>
<?cs else ?><p><?cs var:Lang.appointments.offer_closed ?></p><?cs /if ?>
<p><a href="<?cs var:Offer.Current ?>"><?cs var:Lang.appointments.offer_keep ?></a></p>
