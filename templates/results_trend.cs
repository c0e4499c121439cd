<h1><?cs var:Trend.Name ?>: <?cs var:Lang.results.trend_title ?></h1>
<?cs if:Trend.About ?><p class="about"><?cs var:Trend.About ?></p><?cs /if ?>
<div class="trend">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 <?cs var:Chart.Width ?> <?cs var:Chart.Height ?>" width="<?cs var:Chart.Width ?>" height="<?cs var:Chart.Height ?>" role="img" aria-labelledby="chart-title">
  <title id="chart-title"><?cs var:Lang.results.chart_label ?> <?cs var:Trend.Name ?> (<?cs var:Trend.Unit ?>), <?cs var:Chart.First ?> – <?cs var:Chart.Last ?></title>
  <?cs if:Chart.BandH ?><rect class="band" x="<?cs var:Chart.BandX ?>" y="<?cs var:Chart.BandY ?>" width="<?cs var:Chart.BandW ?>" height="<?cs var:Chart.BandH ?>"></rect><?cs /if ?>
  <line class="axis" x1="<?cs var:Chart.AxisX ?>" y1="<?cs var:Chart.AxisBottom ?>" x2="<?cs var:Chart.Right ?>" y2="<?cs var:Chart.AxisBottom ?>"></line>
  <line class="axis" x1="<?cs var:Chart.AxisX ?>" y1="0" x2="<?cs var:Chart.AxisX ?>" y2="<?cs var:Chart.AxisBottom ?>"></line>
  <text x="2" y="<?cs var:Chart.TopValueY ?>"><?cs var:Chart.Top ?></text>
  <text x="2" y="<?cs var:Chart.BottomLabelY ?>"><?cs var:Chart.Bottom ?></text>
  <polyline class="line" points="<?cs var:Chart.Line ?>"></polyline>
  <?cs each:p = Chart.Points ?><circle class="point" cx="<?cs var:p.X ?>" cy="<?cs var:p.Y ?>" r="3.5"></circle><?cs /each ?>
  <text x="<?cs var:Chart.AxisX ?>" y="<?cs var:Chart.LabelY ?>"><?cs var:Chart.First ?></text>
  <text x="<?cs var:Chart.Right ?>" y="<?cs var:Chart.LabelY ?>" text-anchor="end"><?cs var:Chart.Last ?></text>
</svg>
<p class="hint"><?cs var:Lang.results.band_note ?></p>
</div>
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
