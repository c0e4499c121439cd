<h1><?cs var:Report.Name ?></h1>
<dl class="facts">
  <div><dt><?cs var:Lang.results.collected ?></dt><dd><?cs var:Report.Collected ?></dd></div>
  <div><dt><?cs var:Lang.results.ordered_by ?></dt><dd><?cs var:Report.Provider ?></dd></div>
  <div><dt><?cs var:Lang.results.status ?></dt><dd><?cs var:Report.Status ?><?cs if:Report.StatusKey == "preliminary" ?> – <?cs var:Lang.results.preliminary_note ?><?cs /if ?></dd></div>
</dl>
<?cs if:Report.Critical ?><div class="urgent" role="note"><p><?cs var:Lang.results.critical_note ?> <a href="<?cs var:Clinic.PhoneHref ?>"><?cs var:Clinic.Phone ?></a>.</p></div><?cs /if ?>
<?cs if:Report.Comment ?><section aria-labelledby="comment-h"><h2 id="comment-h"><?cs var:Lang.results.comment ?></h2><p class="pre"><?cs var:Report.Comment ?></p></section><?cs /if ?>
<table class="list">
  <caption class="visually-hidden"><?cs var:Report.Name ?></caption>
  <thead><tr><th scope="col"><?cs var:Lang.results.col_test ?></th><th scope="col"><?cs var:Lang.results.col_value ?></th><th scope="col"><?cs var:Lang.results.col_range ?></th><th scope="col"><?cs var:Lang.results.col_flag ?></th></tr></thead>
  <tbody>
  <?cs each:v = Values ?>
    <tr<?cs if:v.Flag ?> class="flagged"<?cs /if ?>>
      <th scope="row"><?cs var:v.Name ?><?cs if:v.Trend ?><br><a href="<?cs var:v.Trend ?>"><?cs var:Lang.results.see_trend ?></a><?cs /if ?></th>
      <td><?cs var:v.Value ?> <?cs var:v.Unit ?></td>
      <td><?cs if:v.Range ?><?cs var:v.Range ?> <?cs var:v.Unit ?><?cs /if ?></td>
      <td><?cs if:v.Flag ?><span class="flag flag-<?cs var:v.FlagKey ?>"><?cs var:v.Flag ?></span><?cs else ?><?cs var:Lang.results.flag_normal ?><?cs /if ?></td>
    </tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs if:Report.About || subcount(Values) > 0 ?>
<section aria-labelledby="about-h">
  <h2 id="about-h"><?cs var:Lang.results.about_title ?></h2>
  <?cs if:Report.About ?><p class="about"><strong><?cs var:Report.AboutName ?>:</strong> <?cs var:Report.About ?></p><?cs /if ?>
  <?cs each:v = Values ?><?cs if:v.About ?><p class="about"><strong><?cs var:v.AboutName ?>:</strong> <?cs var:v.About ?></p><?cs /if ?><?cs /each ?>
  <p class="hint"><?cs var:Lang.results.questions ?></p>
</section>
<?cs /if ?>
<p><a href="/<?cs var:Clinic.Slug ?>/results"><?cs var:Lang.results.back ?></a></p>
