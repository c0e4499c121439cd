<h1><?cs var:Trend.Name ?>: <?cs var:Lang.results.trend_title ?></h1>
<?cs if:Trend.About ?><p class="about"><?cs var:Trend.About ?></p><?cs /if ?>
<?cs include:"chart.cs" ?>
<table class="list">
  <caption><?cs var:Lang.results.trend_table ?></caption>
  <thead><tr><th scope="col"><?cs var:Lang.results.col_date ?></th><th scope="col"><?cs var:Lang.results.col_value ?> (<?cs var:Trend.Unit ?>)</th><th scope="col"><?cs var:Lang.results.col_range ?></th><th scope="col"><?cs var:Lang.results.col_flag ?></th></tr></thead>
  <tbody>
  <?cs each:t = Trend.Rows ?>
    <tr><th scope="row"><a href="<?cs var:t.Report ?>"><?cs var:t.Date ?></a></th><td><?cs var:t.Value ?></td><td><?cs var:t.Range ?></td><td><?cs if:t.Flag ?><?cs var:t.Flag ?><?cs else ?><?cs var:Lang.results.flag_normal ?><?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<p><a href="<?cs var:Trend.Back ?>"><?cs var:Lang.results.back_report ?></a></p>
