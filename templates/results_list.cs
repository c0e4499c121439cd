<h1><?cs var:Lang.results.title ?></h1>
<p><?cs var:Lang.results.intro ?></p>
<?cs if:subcount(Reports) == 0 ?><p><?cs var:Lang.results.none ?></p><?cs else ?>
<ul class="cards">
<?cs each:r = Reports ?>
  <li><?cs if:r.New ?><span class="tag"><?cs var:Lang.results.new ?></span> <?cs /if ?><a href="/<?cs var:Clinic.Slug ?>/results/<?cs var:r.Id ?>"><?cs var:r.Name ?></a><br>
    <?cs var:r.Date ?> · <?cs var:r.Provider ?> · <?cs var:r.Status ?><?cs if:r.Flagged ?> · <span class="flag flag-abnormal"><?cs var:Lang.results.has_flags ?></span><?cs /if ?></li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs include:"paging.cs" ?>
