<h1><?cs var:Lang.home.greeting ?>, <?cs var:User.FirstName ?></h1>
<?cs include:"notices.cs" ?>
<?cs if:Home.Appointments ?>
<section class="card" aria-labelledby="next-appt">
  <h2 id="next-appt"><?cs var:Lang.home.next_appointment ?></h2>
  <?cs if:Home.Next.Id ?>
  <p class="big"><?cs var:Home.Next.When ?></p>
  <p><?cs var:Home.Next.Type ?> <?cs var:Lang.home.with ?> <?cs var:Home.Next.Provider ?></p>
  <p><?cs if:Home.Next.Video ?><?cs var:Lang.home.video ?><?cs else ?><?cs var:Home.Next.Location ?><?cs /if ?></p>
  <p><a href="/<?cs var:Clinic.Slug ?>/appointments/<?cs var:Home.Next.Id ?>"><?cs var:Lang.home.details ?></a></p>
  <?cs else ?>
  <p><?cs var:Lang.home.no_appointment ?></p>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Home.Messages || Home.Results || Home.Billing ?>
<section class="card" aria-labelledby="summary">
  <h2 id="summary"><?cs var:Lang.home.summary ?></h2>
  <dl class="counts">
    <?cs if:Home.Messages ?><div><dt><a href="/<?cs var:Clinic.Slug ?>/messages"><?cs var:Lang.home.unread_messages ?></a></dt><dd><?cs var:Home.Unread ?></dd></div><?cs /if ?>
    <?cs if:Home.Results ?><div><dt><?cs var:Lang.home.new_results ?></dt><dd><?cs var:Home.NewResults ?></dd></div><?cs /if ?>
    <?cs if:Home.Billing ?><div><dt><?cs var:Lang.home.balance_due ?></dt><dd><?cs var:Home.Balance ?></dd></div><?cs /if ?>
  </dl>
</section>
<?cs /if ?>
<section class="card" aria-labelledby="quick">
  <h2 id="quick"><?cs var:Lang.home.quick_links ?></h2>
  <ul class="links">
    <?cs each:q = Page.Nav ?><?cs if:!q.Current ?><li><a href="<?cs var:q.Href ?>"><?cs var:q.Label ?></a></li><?cs /if ?><?cs /each ?>
    <li><a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Lang.home.call_clinic ?>: <?cs var:Clinic.Phone ?></a></li>
  </ul>
</section>
