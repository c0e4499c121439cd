<h1><?cs var:Lang.refills.title ?></h1>
<?cs include:"notices.cs" ?>
<p><?cs var:Lang.refills.intro ?></p>
<?cs if:subcount(Meds) == 0 ?><p><?cs var:Lang.refills.no_meds ?></p><?cs else ?>
<ul class="cards">
<?cs each:m = Meds ?>
  <li><strong><?cs var:m.Name ?></strong><?cs if:m.Instructions ?><br><span class="meta"><?cs var:m.Instructions ?></span><?cs /if ?><br>
  <?cs if:m.Open ?><?cs var:Lang.refills.open ?>: <?cs var:m.Open ?><?cs elif:m.Refillable ?><a href="/<?cs var:Clinic.Slug ?>/refills/new?medication=<?cs var:m.Id ?>"><?cs var:Lang.refills.request ?><span class="visually-hidden">: <?cs var:m.Name ?></span></a><?cs else ?><?cs var:Lang.refills.not_refillable ?><?cs /if ?></li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs if:subcount(Requests) > 0 ?>
<h2><?cs var:Lang.refills.history ?></h2>
<ul class="cards">
<?cs each:q = Requests ?>
  <li><?cs var:q.Medication ?> – <?cs var:q.Status ?><br><span class="meta"><?cs var:q.When ?> · <?cs var:q.Pharmacy ?></span><?cs if:q.Reason ?><br><?cs var:Lang.refills.reason ?>: <?cs var:q.Reason ?><?cs /if ?></li>
<?cs /each ?>
</ul>
<?cs /if ?>
