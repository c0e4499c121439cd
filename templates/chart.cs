<?cs each:ch = Charts ?>
<figure class="trend">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 <?cs var:ch.Width ?> <?cs var:ch.Height ?>" width="<?cs var:ch.Width ?>" height="<?cs var:ch.Height ?>" role="img" aria-labelledby="<?cs var:ch.Id ?>">
  <title id="<?cs var:ch.Id ?>"><?cs var:ch.Title ?>, <?cs var:ch.First ?> – <?cs var:ch.Last ?></title>
  <?cs if:ch.BandH ?><rect class="band" x="<?cs var:ch.BandX ?>" y="<?cs var:ch.BandY ?>" width="<?cs var:ch.BandW ?>" height="<?cs var:ch.BandH ?>"></rect><?cs /if ?>
  <line class="axis" x1="<?cs var:ch.AxisX ?>" y1="0" x2="<?cs var:ch.AxisX ?>" y2="<?cs var:ch.AxisBottom ?>"></line>
  <line class="axis" x1="<?cs var:ch.AxisX ?>" y1="<?cs var:ch.AxisBottom ?>" x2="<?cs var:ch.Right ?>" y2="<?cs var:ch.AxisBottom ?>"></line>
  <text x="2" y="<?cs var:ch.TopY ?>"><?cs var:ch.Top ?></text>
  <text x="2" y="<?cs var:ch.BottomY ?>"><?cs var:ch.Bottom ?></text>
  <?cs each:s = ch.Series ?>
  <polyline class="<?cs var:s.Class ?>" points="<?cs var:s.Line ?>"></polyline>
  <?cs each:p = s.Points ?><circle class="point <?cs var:s.Class ?>-point" cx="<?cs var:p.X ?>" cy="<?cs var:p.Y ?>" r="3.5"></circle><?cs /each ?>
  <?cs /each ?>
  <text x="<?cs var:ch.AxisX ?>" y="<?cs var:ch.LabelY ?>"><?cs var:ch.First ?></text>
  <text x="<?cs var:ch.Right ?>" y="<?cs var:ch.LabelY ?>" text-anchor="end"><?cs var:ch.Last ?></text>
</svg>
<?cs if:ch.Caption ?><figcaption class="hint"><?cs var:ch.Caption ?></figcaption><?cs /if ?>
</figure>
<?cs /each ?>
