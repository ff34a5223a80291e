# Official Odoo 18 image: Ubuntu 24.04, CPython 3.12, Odoo installed as a Debian package
# (/usr/lib/python3/dist-packages/odoo) together with its python3-* dependencies.
FROM odoo:18.0
USER root

# The OCA wheels require `odoo==18.0.*`: left to pip, it would try to install Odoo from the
# index and upgrade Odoo's Debian-packaged libraries (requests, lxml, python-dateutil...).
# So everything is pinned in requirements-docker.txt, each wheel's own requirements included,
# and installed with --no-deps into /usr/local (pip never touches the Debian packages).
# --break-system-packages: Ubuntu 24.04 marks its Python as externally managed (PEP 668).
# The build ends by importing the solvers and finding the OCA addons next to Odoo's own
# (odoo.addons namespace).
COPY requirements-docker.txt requirements-docker-test.txt /tmp/
ARG INSTALL_TEST_TOOLS=0
RUN pip3 install --no-cache-dir --no-deps --break-system-packages -r /tmp/requirements-docker.txt \
    && if [ "$INSTALL_TEST_TOOLS" = "1" ]; then \
        pip3 install --no-cache-dir --no-deps --break-system-packages \
            -r /tmp/requirements-docker-test.txt; \
    fi \
    && python3 -c "import ortools.graph.python.min_cost_flow, scipy.spatial, pandas, phonenumbers, cssselect; \
import odoo.addons, pathlib; \
paths = [pathlib.Path(p) for p in odoo.addons.__path__]; \
missing = [m for m in ('helpdesk_mgmt', 'report_xlsx', 'base_phone', 'resource_booking', \
    'web_view_leaflet_map', 'queue_job') if not any((p / m / '__manifest__.py').exists() for p in paths)]; \
assert not missing, missing"

# The browser tours of the test suite need Chrome; Ubuntu 24.04's chromium is a snap,
# unusable in a container, so the test image takes Google's .deb (amd64).
RUN if [ "$INSTALL_TEST_TOOLS" = "1" ]; then \
        curl -sSL -o /tmp/chrome.deb \
            https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb \
        && apt-get update \
        && apt-get install -y --no-install-recommends /tmp/chrome.deb \
        && rm -rf /var/lib/apt/lists/* /tmp/chrome.deb; \
    fi
USER odoo
