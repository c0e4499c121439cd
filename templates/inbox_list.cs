<h1><?cs var:Lang.inbox.title ?></h1>
<?cs include:"notices.cs" ?>
<form method="get" action="/<?cs var:Clinic.Slug ?>/staff/messages" class="inline">
  <input type="hidden" name="filter" value="<?cs var:Form.Filter ?>">
  <?cs call:select_field("team", Lang.inbox.team, Lang.inbox.all_teams, Teams, Form.Team) ?>
  <button type="submit"><?cs var:Lang.inbox.show ?></button>
</form>
<nav class="tabs" aria-label="<?cs var:Lang.inbox.filters ?>">
  <?cs each:t = Tabs ?><a href="/<?cs var:Clinic.Slug ?>/staff/messages?filter=<?cs var:t.Key ?>&amp;team=<?cs var:Form.Team ?>"<?cs if:t.Current ?> aria-current="page"<?cs /if ?>><?cs var:t.Label ?> (<?cs var:t.Count ?>)</a><?cs /each ?>
</nav>
<?cs if:subcount(Threads) == 0 ?>
<p><?cs var:Lang.inbox.none ?></p>
<?cs else ?>
<table class="list">
  <thead><tr><th scope="col"><?cs var:Lang.inbox.col_subject ?></th><th scope="col"><?cs var:Lang.inbox.col_patient ?></th><th scope="col"><?cs var:Lang.inbox.col_updated ?></th><th scope="col"><?cs var:Lang.inbox.col_assigned ?></th></tr></thead>
  <tbody>
  <?cs each:t = Threads ?>
    <tr<?cs if:t.Urgent ?> class="urgent-row"<?cs /if ?>>
      <td><?cs if:t.Urgent ?><span class="tag urgent-tag"><?cs var:Lang.inbox.urgent ?></span> <?cs /if ?><?cs if:t.Waiting ?><span class="tag"><?cs var:Lang.inbox.waiting ?></span> <?cs /if ?><a href="/<?cs var:Clinic.Slug ?>/staff/messages/<?cs var:t.Id ?>"><?cs var:t.Subject ?></a><br><span class="meta"><?cs var:t.Topic ?></span></td>
      <td><?cs var:t.Patient ?><br><span class="meta"><?cs var:Lang.staff.mrn ?> <?cs var:t.Mrn ?></span></td>
      <td><?cs var:t.When ?></td>
      <td><?cs if:t.Assignee ?><?cs var:t.Assignee ?><?cs else ?><?cs var:Lang.inbox.nobody ?><?cs /if ?></td>
    </tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"paging.cs" ?>
