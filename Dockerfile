FROM odoo:18.0
USER root
COPY requirements.txt /tmp/requirements.txt
# OCA addons from PyPI install into the image's Python next to Odoo.
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/requirements.txt \
    || pip3 install --no-cache-dir -r /tmp/requirements.txt
USER odoo
